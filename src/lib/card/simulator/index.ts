export { UiccSimulator } from './uicc';
export { SimulatorTransport } from './transport';
export { loadProfile, parseProfileText, saveProfile, PROFILE_FORMAT } from './profile';
export type { SimProfile, ProfileDf, ProfileEf, ProfileNode, ProfileKey } from './profile';
export { defaultProfile, DEFAULT_ATR, PKCS15_AID, USIM_AID } from './default-profile';
export { arrRecordOf, accessOfArrRecord, EF_ARR_FID, ACCESS_CONDITIONS } from './model';
export type { AccessCondition, SimCardState } from './model';
export { stackCard, stackCardProfile, iccidFileBytes, imsiFileBytes, WriteCounter, type StackCard } from './stack';
