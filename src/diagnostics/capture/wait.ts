/** Waits `ms`; resolves false at once if `signal` aborts (before or during the wait). */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `promise`, unless `signal` aborts first (rejects with onAbort()) or it takes longer than
 * `ms` (rejects with onTimeout()). For waits on a remote peer that may stop answering without
 * the connection closing: the operator's cancel must still work, and a stall must end.
 */
export function settleWithin<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined, onTimeout: () => Error, onAbort: () => Error): Promise<T> {
  if (signal?.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', aborted);
    };
    const aborted = () => {
      done();
      reject(onAbort());
    };
    const timer = setTimeout(() => {
      done();
      reject(onTimeout());
    }, ms);
    signal?.addEventListener('abort', aborted, { once: true });
    promise.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error as Error);
      },
    );
  });
}
