// Types of console-steps.mjs.
export declare function inProcessRequest(options: { name: string; keyFile: string; csrFile: string }): Promise<void>;
export declare function runConsoleSteps(options: {
  emulator: { url: string; adminCredentials: { accessKeyId: string; secretAccessKey: string } };
  workDir: string;
  aws?: string;
  env?: NodeJS.ProcessEnv;
  pca?: boolean;
  caPem?: string;
  requests?: Record<string, { csrFile: string; certificateFile: string }>;
  roles: { all: string; onlyThule: string };
  trustPolicies: { all: object; onlyThule: object };
  log?: (line: string) => void;
}): Promise<{ anchorId: string; profileId: string; roleArns: string[]; via: "aws" | "sdk"; caArn?: string; caPem: string }>;
