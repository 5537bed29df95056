/** Messages between the side-by-side driver and the app processes it starts. */
export type ChildRequest =
  | { type: 'seed'; id: number; reservations: number }
  | { type: 'insert'; id: number; count: number; perSecond: number }
  | { type: 'stall-reset'; id: number }
  | { type: 'stall'; id: number }
  | { type: 'memory'; id: number }
  | { type: 'pending'; id: number }
  | { type: 'busy'; id: number }
  | { type: 'stop'; id: number };

export type ChildReply =
  | { type: 'ready' }
  | { type: 'done'; id: number }
  | { type: 'inserted'; id: number; alerts: Array<{ id: number; at: number }> }
  | { type: 'stall'; id: number; maxMs: number; p99Ms: number; cpuMs: number }
  | { type: 'memory'; id: number; rssMiB: number }
  | { type: 'pending'; id: number; count: number }
  | { type: 'busy'; id: number; handlers: number; jobs: number }
  | { type: 'error'; id: number; message: string };
