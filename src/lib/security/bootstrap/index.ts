// Bootstrap security (OMA-WAP-ProvBoot-V1_1 §5): SEC methods, keys, MAC sign/verify, USERPINMAC PINs.
export { SEC, secName, type SecMethod, type SecValue } from './sec';
export { BootstrapError, type BootstrapErrorCode } from './error';
export { imsiKey, checkImsi, imsiProblem, firstNonDigit } from './imsi-key';
export { bootstrapKey, type KeyInput } from './key';
export { userPinFor } from './userpinmac';
export { sign, verify, type SignOptions, type Signature, type VerifyOptions, type HmacSha1 } from './sign';
