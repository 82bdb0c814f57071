// Types of service-models.mjs (for the tests).
export interface ServiceEntry {
  name: string;
  version: string;
  constName: string;
  file: string;
  operations: "all" | string[];
}
export declare const SERVICES: ServiceEntry[];
export declare const MODELS_DIR: string;
export declare function botocorePython(): string | undefined;
export declare function botocoreDataDir(python?: string): string;
export declare function readModel(
  dataDir: string,
  service: ServiceEntry,
): { operations: Record<string, unknown>; metadata: Record<string, unknown> };
export declare function describeService(model: unknown, service: ServiceEntry): unknown;
export declare function renderModule(service: ServiceEntry, description: unknown): string;
