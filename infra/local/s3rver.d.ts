// s3rver 3.x ships no types; this is the part of its API the local stack uses.
declare module 's3rver' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { S3Event } from 'aws-lambda';

  interface S3rverOptions {
    address?: string;
    port?: number;
    directory?: string;
    silent?: boolean;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  class S3rver {
    constructor(options?: S3rverOptions);
    /** Creates the `configureBuckets` buckets if absent. */
    configureBuckets(): Promise<void>;
    /** The request listener, for mounting on one's own HTTP server. */
    getMiddleware(): (request: IncomingMessage, response: ServerResponse) => void;
    /** S3 notifications (ObjectCreated:Put/Post/Copy, ObjectRemoved:Delete) in the shape AWS delivers them. */
    on(event: 'event', listener: (event: S3Event) => void): this;
    off(event: 'event', listener: (event: S3Event) => void): this;
    reset(): void;
  }

  export = S3rver;
}
