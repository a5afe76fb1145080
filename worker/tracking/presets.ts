// Vendor presets for /postback/{preset}: each vendor's parameter names and status words onto ours,
// and the answer its senders expect. The vendor table is in presets/vendors.ts.
export {
  presetNames,
  isPresetName,
  presetSpec,
  PRESETS,
  PRESET_SECRET_PARAMS,
} from './presets/vendors.ts';
export type { PresetName, PresetSpec, PresetStatus, MappedField } from './presets/vendors.ts';
export { mapPresetFields, presetParamNames } from './presets/map-fields.ts';
export type { PresetFields, PresetParams } from './presets/map-fields.ts';
export { resolveStatus } from './presets/status.ts';
export type { PresetStatusWord } from './presets/status.ts';
export { presetAnswer } from './presets/answer.ts';
export type { PresetAnswer, PresetOutcome } from './presets/answer.ts';
