// Ink renders only the last frame when it believes it runs under CI; view tests need every frame.
delete process.env['CI'];
delete process.env['CONTINUOUS_INTEGRATION'];
