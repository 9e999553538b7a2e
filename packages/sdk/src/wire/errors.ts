// Typed errors of the wire layer. Each carries a stable `code` and names the field at fault so callers
// (axon error mapping, dendrite, CLI) branch on the code, never on message text.
import { TaoError } from '@tao-ts/primitives';

/** A header, body or field value that does not fit the synapse schema. */
export class SynapseParseError extends TaoError {
  constructor(message: string, field?: string) {
    super('SYNAPSE_PARSE', message, { field });
  }
}

/** A synapse or field definition that cannot be used (bad names, duplicate fields…). */
export class SynapseDefinitionError extends TaoError {
  constructor(message: string, field?: string) {
    super('SYNAPSE_DEFINITION', message, { field });
  }
}

/** A value Python's `str()`/`json.dumps` emulation cannot render (e.g. a function or a cycle). */
export class PyRenderError extends TaoError {
  constructor(message: string, field?: string) {
    super('PY_RENDER', message, { field });
  }
}

/** An IP address or version string that is not well formed. */
export class InvalidIpError extends TaoError {
  constructor(message: string, field = 'ip') {
    super('INVALID_IP', message, { field });
  }
}

/** Axon / dendrite configuration that cannot work (ports, limits, pool sizes). */
export class WireConfigError extends TaoError {
  constructor(message: string, field?: string) {
    super('WIRE_CONFIG', message, { field });
  }
}

/** The priority queue refused a task (full, or it waited longer than its deadline). */
export class QueueRejectedError extends TaoError {
  constructor(
    readonly reason: 'full' | 'timeout' | 'closed',
    message: string,
  ) {
    super(`QUEUE_${reason.toUpperCase()}`, message, { field: 'queue' });
  }
}

/** A worker of the worker pool failed (the task threw, or the worker died). */
export class WorkerTaskError extends TaoError {
  constructor(message: string, cause?: unknown) {
    super('WORKER_TASK', message, cause === undefined ? {} : { cause });
  }
}
