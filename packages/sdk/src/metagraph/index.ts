export { RegistryDecoder, RegistryDecodeError, ScaleReader, type SiTypeJson } from './scale-decoder.js';
export {
  Metagraph,
  ROOT_TAO_STAKE_WEIGHT,
  type MetagraphAxon,
  type MetagraphInfo,
  type MetagraphOptions,
} from './metagraph.js';
