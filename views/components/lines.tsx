import { Box, Text } from 'ink';
import { memo } from 'react';

/**
 * Pre-rendered lines, one <Text> each, never wrapped: the panes build their rows as strings
 * (cheap for Yoga, exact about width) and this puts them on screen.
 */
export const Lines = memo(function Lines({ lines }: { lines: readonly string[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
});
