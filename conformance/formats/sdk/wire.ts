/**
 * SDK vector sections about the synapse wire format (sdk-synapse.json, sdk-misc.json). Every case runs
 * the SDK's own code; shapes are validated with errors naming the field.
 */
import { fromHex, type JsonValue, parseJsonExact as JSON_EXACT } from '@tao-ts/primitives';
import {
  AXON_EXCEPTION_STATUS,
  BODY_HASH_MISMATCH_STATUS,
  DENDRITE_ERROR_MAP,
  EMPTY_BODY_HASH,
  type FieldSpec,
  NonceWindow,
  type PyValue,
  STATUS,
  V_7_2_0,
  allowedNonceWindowNs,
  axonIpStr,
  defineSynapse,
  encodeTensorMsgpack,
  failureFromPythonName,
  firstContactAccepted,
  intToIp,
  ipToInt,
  ipType,
  isServing,
  pyStr,
  requestMessage,
  sha3Hex,
  tensorFromValues,
  versionAsInt,
  verifyText,
  type SynapseType,
  type TensorDtype,
  SYNAPSE_BASE_FIELDS,
} from '@tao-ts/sdk';
import { firstDifference } from '../../compare.js';
import { arr, big, bool, int, isObject, type JsonObject, num, obj, str } from '../../fields.js';
import { type CaseResult, VectorFormatError, fail, pass, skip, verdict } from '../../result.js';

type Runner = (id: string, section: unknown, doc: JsonObject) => CaseResult[];

/** Runs one case; a malformed vector is a FAIL naming the field, never a crash of the whole run. */
function attempt(id: string, body: () => CaseResult | CaseResult[]): CaseResult[] {
  try {
    const r = body();
    return Array.isArray(r) ? r : [r];
  } catch (e) {
    if (e instanceof VectorFormatError) return [fail(id, `vector format: ${e.message}`)];
    return [fail(id, e instanceof Error ? `${e.name}: ${e.message}` : String(e))];
  }
}

function eq(what: string, expected: unknown, actual: unknown): string | undefined {
  return expected === actual
    ? undefined
    : `${what}: expected ${JSON.stringify(String(expected))}, got ${JSON.stringify(String(actual))}`;
}

const fileOf = (id: string): string => id.slice(0, id.indexOf('#'));

// --- body hashes -------------------------------------------------------------------------------

const emptyBodyHash: Runner = (id, section) =>
  attempt(id, () => {
    const expected = typeof section === 'string' ? section : str(obj(section, id).hash, `${id}.hash`);
    const empty = defineSynapse({ name: 'Synapse', fields: {} }).create();
    return verdict(
      id,
      eq('sha3_256("")', expected, sha3Hex('')) ??
        eq('EMPTY_BODY_HASH', expected, EMPTY_BODY_HASH) ??
        eq('Synapse().body_hash', expected, empty.bodyHash),
    );
  });

const bodyHashExample: Runner = (id, section, doc) => {
  const out: CaseResult[] = [];
  // A string-valued `empty_body_hash` is not a section the dispatcher hands out; check it here.
  if (typeof doc.empty_body_hash === 'string')
    out.push(...emptyBodyHash(`${fileOf(id)}#empty_body_hash`, doc.empty_body_hash, doc));
  let s: JsonObject;
  try {
    s = obj(section, 'body_hash_example');
  } catch (e) {
    return [...out, fail(id, `vector format: ${(e as Error).message}`)];
  }
  const fields = isObject(s.fields) ? s.fields : {};
  const perField = Array.isArray(s.per_field) ? s.per_field : [];
  const order: string[] = [];
  perField.forEach((entry, i) => {
    const cid = `${id}/per_field[${i}]`;
    out.push(
      ...attempt(cid, () => {
        const e = obj(entry, `body_hash_example.per_field[${i}]`);
        const field = str(e.field, `body_hash_example.per_field[${i}].field`);
        order.push(field);
        if (!(field in fields)) throw new VectorFormatError(`body_hash_example.fields.${field}`, 'missing');
        const text = pyStr(fields[field] as PyValue, 'auto', field);
        return verdict(
          `${id}/${field}`,
          eq('python_str', str(e.python_str, 'python_str'), text) ??
            eq('sha3', str(e.sha3, 'sha3'), sha3Hex(text)),
        );
      }),
    );
  });
  out.push(
    ...attempt(`${id}/body_hash`, () => {
      const specs: Record<string, FieldSpec> = {};
      for (const k of Object.keys(fields)) specs[k] = { type: 'any' };
      const type = defineSynapse({ name: 'TextTask', fields: specs, requiredHashFields: order });
      const syn = type.create(fields);
      const concat = order.map((f) => syn.fieldHash(f)).join('');
      return verdict(
        `${id}/body_hash`,
        (s.concat === undefined ? undefined : eq('concat', str(s.concat, 'concat'), concat)) ??
          eq('body_hash', str(s.body_hash, 'body_hash'), syn.bodyHash),
      );
    }),
  );
  return out;
};

// --- worked request / response -----------------------------------------------------------------

/** The synapse class a vector implies: fields beyond the base ones; required = has an input header. */
function typeFromVector(name: string, body: JsonObject, headers: JsonObject): SynapseType {
  const fields: Record<string, FieldSpec> = {};
  for (const k of Object.keys(body)) {
    if (SYNAPSE_BASE_FIELDS.has(k)) continue;
    const dummy = headers[`bt_header_input_obj_${k}`];
    if (typeof dummy === 'string') {
      const text = Buffer.from(dummy, 'base64').toString('utf8');
      const t =
        text === '0'
          ? 'int'
          : text === '0.0'
            ? 'float'
            : text === '""'
              ? 'str'
              : text === 'false'
                ? 'bool'
                : text === '[]'
                  ? 'list'
                  : text === '{}'
                    ? 'dict'
                    : undefined;
      if (t === undefined)
        throw new VectorFormatError(`headers.bt_header_input_obj_${k}`, `unknown dummy value ${text}`);
      fields[k] = { type: t, required: true };
    } else fields[k] = { type: 'any' };
  }
  return defineSynapse({ name, fields });
}

function parseBody(text: string, field: string): JsonObject {
  // Bodies carry 19-digit nonces: exact parsing is required.
  return obj(parseExact(text, field), field);
}

function parseExact(text: string, field: string): JsonValue {
  try {
    return JSON_EXACT(text);
  } catch (e) {
    throw new VectorFormatError(field, `not JSON: ${(e as Error).message}`);
  }
}

function headerDiff(expected: JsonObject, actual: Record<string, string>): string | undefined {
  const ek = Object.keys(expected);
  const ak = Object.keys(actual);
  if (ek.join(',') !== ak.join(','))
    return `header names/order: expected [${ek.join(', ')}], got [${ak.join(', ')}]`;
  for (const k of ek) {
    const d = eq(`header ${k}`, str(expected[k], `headers.${k}`), actual[k]);
    if (d !== undefined) return d;
  }
  return undefined;
}

const workedRequest: Runner = (id, section) => {
  let s: JsonObject;
  let headers: JsonObject;
  let bodyText: string;
  let type: SynapseType;
  try {
    s = obj(section, 'worked_request');
    headers = obj(s.headers, 'worked_request.headers');
    bodyText = str(s.body, 'worked_request.body');
    type = typeFromVector(
      str(headers.name, 'worked_request.headers.name'),
      parseBody(bodyText, 'worked_request.body'),
      headers,
    );
  } catch (e) {
    return [fail(id, (e as Error).message)];
  }
  const out: CaseResult[] = [];
  out.push(
    ...attempt(`${id}/headers`, () => {
      const syn = type.fromBody(parseBody(bodyText, 'worked_request.body'));
      const h = syn.toHeaders({
        headerSize: Number(big(headers.header_size, 'headers.header_size')),
        totalSize: Number(big(headers.total_size, 'headers.total_size')),
      });
      return verdict(`${id}/headers`, headerDiff(headers, h));
    }),
    ...attempt(`${id}/body`, () => {
      const syn = type.fromBody(parseBody(bodyText, 'worked_request.body'));
      return verdict(`${id}/body`, eq('body', bodyText, syn.toBody('python')));
    }),
    ...attempt(`${id}/message_signed`, () => {
      const syn = type.fromHeaders(headers as Record<string, string>);
      const msg = requestMessage({
        nonce: syn.dendrite.nonce ?? 0n,
        dendriteHotkey: syn.dendrite.hotkey ?? '',
        axonHotkey: syn.axon.hotkey ?? '',
        uuid: syn.dendrite.uuid ?? '',
        bodyHash: syn.computedBodyHash,
      });
      return verdict(`${id}/message_signed`, eq('message', str(s.message_signed, 'message_signed'), msg));
    }),
    ...attempt(`${id}/signature`, () => {
      const sig = str(s.signature, 'worked_request.signature');
      fromHex(sig, 'worked_request.signature', 64);
      const hk = str(headers.bt_header_dendrite_hotkey, 'headers.bt_header_dendrite_hotkey');
      const msg = str(s.message_signed, 'message_signed');
      if (headers.bt_header_dendrite_signature !== sig)
        return fail(`${id}/signature`, 'bt_header_dendrite_signature differs from signature');
      if (!verifyText(hk, msg, sig))
        return fail(`${id}/signature`, 'signature does not verify over message_signed');
      const tampered = `${msg}x`;
      return verifyText(hk, tampered, sig)
        ? fail(`${id}/signature`, 'signature also verifies a different message')
        : pass(`${id}/signature`);
    }),
  );
  if (s.axon_parsed_from_headers !== undefined) {
    out.push(
      ...attempt(`${id}/axon_parsed_from_headers`, () => {
        const expected = obj(s.axon_parsed_from_headers, 'worked_request.axon_parsed_from_headers');
        const syn = type.fromHeaders(headers as Record<string, string>);
        return verdict(`${id}/axon_parsed_from_headers`, firstDifference(expected, syn.toDict()));
      }),
    );
  }
  return out;
};

const workedResponse: Runner = (id, section, doc) => {
  let s: JsonObject;
  let headers: JsonObject;
  let bodyText: string;
  let type: SynapseType;
  try {
    s = obj(section, 'worked_response_success');
    headers = obj(s.headers, 'worked_response_success.headers');
    bodyText = str(s.body, 'worked_response_success.body');
    // The request's input headers say which fields are required; fall back to the response's own.
    const req =
      isObject(doc.worked_request) && isObject(doc.worked_request.headers)
        ? doc.worked_request.headers
        : headers;
    type = typeFromVector(
      str(headers.name, 'worked_response_success.headers.name'),
      parseBody(bodyText, 'body'),
      req,
    );
  } catch (e) {
    return [fail(id, (e as Error).message)];
  }
  return [
    ...attempt(`${id}/body`, () => {
      const syn = type.fromBody(parseBody(bodyText, 'worked_response_success.body'));
      return verdict(`${id}/body`, eq('body', bodyText, syn.toBody('compact')));
    }),
    ...attempt(`${id}/headers`, () => {
      const syn = type.fromBody(parseBody(bodyText, 'worked_response_success.body'));
      const h = syn.toHeaders({
        headerSize: Number(big(headers.header_size, 'headers.header_size')),
        totalSize: Number(big(headers.total_size, 'headers.total_size')),
      });
      return verdict(`${id}/headers`, headerDiff(headers, h));
    }),
    ...attempt(`${id}/status`, () => {
      const syn = type.fromBody(parseBody(bodyText, 'worked_response_success.body'));
      return verdict(
        `${id}/status`,
        eq('status', int(s.status, 'worked_response_success.status'), syn.axon.statusCode),
      );
    }),
  ];
};

// --- tensor ------------------------------------------------------------------------------------

type Nested = number | bigint | boolean | Nested[];

function flatten(v: Nested): (number | bigint | boolean)[] {
  return Array.isArray(v) ? v.flatMap(flatten) : [v];
}

const tensor: Runner = (id, section) => {
  let cases: JsonValue[];
  try {
    cases = arr(obj(section, 'tensor').cases, 'tensor.cases');
  } catch (e) {
    return [fail(id, (e as Error).message)];
  }
  return cases.flatMap((c, i) => {
    const cid = `${id}/${i}`;
    return attempt(cid, () => {
      const o = obj(c, `tensor.cases[${i}]`);
      const dtype = str(o.dtype, `tensor.cases[${i}].dtype`);
      const shape = arr(o.shape, `tensor.cases[${i}].shape`).map((x, j) =>
        int(x, `tensor.cases[${i}].shape[${j}]`),
      );
      const values = o.values as Nested;
      if (dtype === 'float16') return skip(cid, 'float16 tensors: the encoder has no half-precision writer');
      const field = tensorFromValues(dtype, values);
      const flat = flatten(values);
      const packed = Buffer.from(
        encodeTensorMsgpack(
          dtype as TensorDtype,
          shape.length === 1 && shape[0] === 0 && !Array.isArray(values) ? [] : shape,
          flat,
        ),
      ).toString('hex');
      return verdict(
        `${cid} (${dtype} ${JSON.stringify(shape)})`,
        eq('msgpack_hex', str(o.msgpack_hex, 'msgpack_hex'), packed) ??
          eq('buffer', str(o.buffer, 'buffer'), field.buffer) ??
          firstDifference(shape, field.shape, 'shape'),
      );
    });
  });
};

// --- status codes ------------------------------------------------------------------------------

const statusCodes: Runner = (id, section) => {
  let table: JsonObject;
  try {
    table = obj(section, 'status_codes');
  } catch (e) {
    return [fail(id, (e as Error).message)];
  }
  return Object.entries(table).flatMap(([code, desc]) =>
    attempt(`${id}/${code}`, () => {
      const cid = `${id}/${code}`;
      const status = Number(code);
      const text = str(desc, `status_codes.${code}`);
      const checks: string[] = [];
      const names = text.match(/[A-Z][A-Za-z]*(?:Error|Exception)/g) ?? [];
      for (const n of names) {
        if (n === 'TimeoutError') continue; // the priority/dendrite timeouts are checked below
        const mapped = AXON_EXCEPTION_STATUS[n];
        if (mapped === undefined) return fail(cid, `no mapping for ${n}`);
        if (mapped !== status) return fail(cid, `${n} maps to ${mapped}`);
        checks.push(n);
      }
      if (/^Success$/.test(text)) {
        if (STATUS.SUCCESS !== status) return fail(cid, `success is ${STATUS.SUCCESS}`);
        checks.push('Success');
      }
      if (/TimeoutError/.test(text) && /axon/.test(text)) {
        if (STATUS.TIMEOUT !== status) return fail(cid, `axon priority timeout is ${STATUS.TIMEOUT}`);
        checks.push('axon timeout');
      }
      if (/client timeout/.test(text)) {
        if (DENDRITE_ERROR_MAP.TimeoutError[0] !== status)
          return fail(cid, `dendrite timeout is ${DENDRITE_ERROR_MAP.TimeoutError[0]}`);
        checks.push('dendrite timeout');
      }
      if (/any other exception/.test(text)) {
        if (AXON_EXCEPTION_STATUS.Exception !== status)
          return fail(cid, `other exceptions map to ${AXON_EXCEPTION_STATUS.Exception}`);
        checks.push('other exceptions');
      }
      if (/body-hash mismatch/.test(text)) {
        if (BODY_HASH_MISMATCH_STATUS !== status)
          return fail(cid, `body-hash mismatch answers ${BODY_HASH_MISMATCH_STATUS}`);
        checks.push('body-hash mismatch');
      }
      if (/PriorityException/.test(text) && STATUS.UNAVAILABLE !== status)
        return fail(cid, `queue full answers ${STATUS.UNAVAILABLE}`);
      return checks.length === 0
        ? skip(cid, `no recognised exception or rule in ${JSON.stringify(text)}`)
        : pass(cid);
    }),
  );
};

const dendriteErrorMap: Runner = (id, section) => {
  let table: JsonObject;
  try {
    table = obj(section, 'dendrite_client_error_map');
  } catch (e) {
    return [fail(id, (e as Error).message)];
  }
  return Object.entries(table).flatMap(([name, entry]) =>
    attempt(`${id}/${name}`, () => {
      const cid = `${id}/${name}`;
      const pair = arr(entry, `dendrite_client_error_map.${name}`);
      if (pair.length !== 2)
        throw new VectorFormatError(`dendrite_client_error_map.${name}`, 'expected [status, message]');
      const kind = failureFromPythonName(name);
      if (kind === undefined) return fail(cid, `no dendrite failure kind for ${name}`);
      const [code, prefix] = DENDRITE_ERROR_MAP[kind];
      const expCode =
        pair[0] === 'exception.code' ? null : int(pair[0], `dendrite_client_error_map.${name}[0]`);
      return verdict(
        cid,
        eq('status', expCode, code) ??
          eq('message', str(pair[1], `dendrite_client_error_map.${name}[1]`), prefix),
      );
    }),
  );
};

// --- misc (sdk-misc.json) ----------------------------------------------------------------------

const axonIp: Runner = (id, section) => {
  let cases: JsonValue[];
  try {
    cases = arr(section, 'axon_ip');
  } catch (e) {
    return [fail(id, (e as Error).message)];
  }
  return cases.flatMap((c, i) =>
    attempt(`${id}/${i}`, () => {
      const o = obj(c, `axon_ip[${i}]`);
      const ip = str(o.ip, `axon_ip[${i}].ip`);
      const cid = `${id}/${ip}`;
      const n = big(o.int, `axon_ip[${i}].int`);
      const t = int(o.ip_type, `axon_ip[${i}].ip_type`);
      if (t !== 4 && t !== 6)
        throw new VectorFormatError(`axon_ip[${i}].ip_type`, `expected 4 or 6, got ${t}`);
      const out: (string | undefined)[] = [
        eq('int', n, ipToInt(ip)),
        eq('ip_type', t, ipType(ip)),
        eq('int → ip', ip, intToIp(n, t)),
      ];
      if (o.ip_str !== undefined) {
        const ipStr = str(o.ip_str, `axon_ip[${i}].ip_str`);
        const port = /:(\d+)$/.exec(ipStr);
        if (port === null) throw new VectorFormatError(`axon_ip[${i}].ip_str`, 'expected a trailing :port');
        out.push(eq('ip_str', ipStr, axonIpStr(ip, Number(port[1]), t)));
      }
      if (o.is_serving !== undefined)
        out.push(eq('is_serving', bool(o.is_serving, `axon_ip[${i}].is_serving`), isServing(ip)));
      return verdict(
        cid,
        out.find((d) => d !== undefined),
      );
    }),
  );
};

const nonceWindow: Runner = (id, section) => {
  let cases: JsonValue[];
  try {
    cases = arr(section, 'nonce_window');
  } catch (e) {
    return [fail(id, (e as Error).message)];
  }
  return cases.flatMap((c, i) =>
    attempt(`${id}/${i}`, () => {
      const o = obj(c, `nonce_window[${i}]`);
      const now = big(o.now_ns, `nonce_window[${i}].now_ns`);
      const nonce = big(o.nonce_ns, `nonce_window[${i}].nonce_ns`);
      const timeout = o.timeout === null ? null : num(o.timeout, `nonce_window[${i}].timeout`);
      const accepted = bool(o.accepted_first_contact, `nonce_window[${i}].accepted_first_contact`);
      const window = new NonceWindow({ now: () => now, maxTimeoutS: Infinity });
      const viaAxon = window.check(
        '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
        'uuid',
        nonce,
        10_002_000,
        timeout,
      ).ok;
      return verdict(
        `${id}/${i}`,
        (o.allowed_window_ns === undefined
          ? undefined
          : eq(
              'allowed_window_ns',
              big(o.allowed_window_ns, 'allowed_window_ns'),
              allowedNonceWindowNs(now, timeout),
            )) ??
          eq('accepted_first_contact', accepted, firstContactAccepted(now, nonce, timeout)) ??
          eq('NonceWindow.check', accepted, viaAxon),
      );
    }),
  );
};

const versionAsIntRunner: Runner = (id, section, doc) => {
  const out: CaseResult[] = [];
  let table: JsonObject;
  try {
    table = obj(section, 'version_as_int');
  } catch (e) {
    return [fail(id, (e as Error).message)];
  }
  for (const [version, value] of Object.entries(table)) {
    out.push(
      ...attempt(`${id}/${version}`, () =>
        verdict(
          `${id}/${version}`,
          eq('version_as_int', int(value, `version_as_int.${version}`), versionAsInt(version)),
        ),
      ),
    );
  }
  if (doc.V_7_2_0 !== undefined) {
    const vid = `${fileOf(id)}#V_7_2_0`;
    out.push(
      ...attempt(vid, () =>
        verdict(
          vid,
          eq('V_7_2_0', int(doc.V_7_2_0, 'V_7_2_0'), V_7_2_0) ??
            eq('version_as_int("7.2.0")', V_7_2_0, versionAsInt('7.2.0')),
        ),
      ),
    );
  }
  return out;
};

export const WIRE_SECTIONS: Readonly<Record<string, Runner>> = {
  empty_body_hash: emptyBodyHash,
  body_hash_example: bodyHashExample,
  worked_request: workedRequest,
  worked_response_success: workedResponse,
  tensor,
  status_codes: statusCodes,
  dendrite_client_error_map: dendriteErrorMap,
  axon_ip: axonIp,
  nonce_window: nonceWindow,
  version_as_int: versionAsIntRunner,
};
