// The API's response types, owned by the server (src/server/api-types.ts); imported type-only, so no
// server code reaches the browser bundle.

export type * from '../../../src/server/api-types.ts';
