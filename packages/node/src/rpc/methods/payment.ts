/** payment_*: fee estimates for an encoded extrinsic, through the TransactionPaymentApi. */
import type { Dispatcher, Params } from '../jsonrpc.js';
import type { NodeServices } from '../services.js';
import { u32 } from '@tao-ts/primitives';

export function registerPayment(rpc: Dispatcher, node: NodeServices, decode: PaymentDecoders): void {
  const call = (params: Params, method: string): Uint8Array => {
    const xt = params.hex(0, 'extrinsic');
    const block = node.block(params.optionalHex(1, 'at', 32));
    // The extrinsic's bytes already carry their length prefix, as the runtime API's `uxt` does.
    const input = new Uint8Array([...xt, ...u32.enc(xt.length)]);
    return node.callApi(block, `TransactionPaymentApi_${method}`, input);
  };
  rpc.method('payment_queryInfo', (params) => decode.info(call(params, 'query_info')));
  rpc.method('payment_queryFeeDetails', (params) => decode.feeDetails(call(params, 'query_fee_details')));
}

/** The runtime's outputs in the JSON shapes Substrate's payment RPC returns. */
export interface PaymentDecoders {
  info(output: Uint8Array): unknown;
  feeDetails(output: Uint8Array): unknown;
}
