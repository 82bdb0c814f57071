export declare function createDemoCa(commonName?: string): {
  certificatePem: string;
  issueFor(spkiDer: Uint8Array, subject: string): string;
};
