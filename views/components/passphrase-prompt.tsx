import { Box, Text } from 'ink';
import { useRef, useSyncExternalStore } from 'react';
import type { PassphraseRequests } from '../../src/ssh/passphrase-requests.js';
import { useCommand, useModal, useTextCapture } from '../keys/use-command.js';
import { style } from '../theme.js';
import { truncate } from '../../src/format/text.js';

/**
 * Asks for an encrypted key's passphrase when the SSH layer needs it. The typed text is never
 * shown (not even as stars: its length is nobody's business) and only handed to the SSH layer.
 */
export function PassphrasePrompt({ requests, width }: { requests: PassphraseRequests; width: number }) {
  const file = useSyncExternalStore(requests.subscribe, requests.current);
  if (file === null) return null;
  return <PassphraseDialog key={file} file={file} requests={requests} width={width} />;
}

function PassphraseDialog({ file, requests, width }: { file: string; requests: PassphraseRequests; width: number }) {
  useModal('passphrase');
  // A ref, not state: typing and Enter can arrive in one chunk, before React re-renders.
  const text = useRef('');
  useTextCapture('passphrase', {
    onText: (t) => (text.current += t),
    onBackspace: () => (text.current = text.current.slice(0, -1)),
  });
  useCommand('modal.accept', () => requests.answer(text.current));
  useCommand('modal.close', () => requests.answer(undefined));
  return (
    <Box flexDirection="column">
      <Text>{style.title(truncate(`Passphrase for ${file}`, width))}</Text>
      <Text>{style.dim(truncate('Typed characters are not shown. Enter to use it, Esc to skip this key. It is kept in memory only.', width))}</Text>
      <Text>{style.key('> ')}</Text>
    </Box>
  );
}
