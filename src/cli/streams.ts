// Where a command prints. main.ts passes the process streams; keeping them behind this interface keeps the
// commands free of process globals.

export interface Streams {
	stdout(data: string | Uint8Array): void;
	stderr(text: string): void;
}

export const processStreams: Streams = {
	stdout: (data) => void process.stdout.write(data),
	stderr: (text) => void process.stderr.write(text)
};
