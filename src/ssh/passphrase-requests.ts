/**
 * Passphrase questions waiting for a person. The SSH layer asks (one question per encrypted
 * key file; it caches the answer in memory for the session), the UI shows the oldest question
 * in a dialog and answers it. Nothing here is ever written anywhere.
 */
export class PassphraseRequests {
  private readonly queue: { file: string; resolve: (value: string | undefined) => void }[] = [];
  private readonly listeners = new Set<() => void>();

  /** For connect()'s askPassphrase: resolves with the passphrase, or undefined if skipped. */
  ask = (file: string): Promise<string | undefined> =>
    new Promise((resolve) => {
      this.queue.push({ file, resolve });
      this.notify();
    });

  /** The key file asked about now, or null. */
  current = (): string | null => this.queue[0]?.file ?? null;

  answer(passphrase: string | undefined): void {
    const request = this.queue.shift();
    request?.resolve(passphrase);
    this.notify();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
