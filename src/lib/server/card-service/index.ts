// Public face of the card service: the card operations shared by `pstudio card …` and the studio server, the one
// PC/SC context of the studio process, the wire JSON of /api/card/*, and the rule every card request passes.
export { CardService, cardService, closeCardService } from './service';
export {
	CardServiceError,
	chooseReader,
	errorJson,
	identify,
	isOperationFailure,
	onCard,
	openPcsc,
	readDocuments,
	readerStates,
	checkWriteDocuments,
	writeDocuments,
	type KeyOptions,
	type Outcome,
	type ReaderState,
	type ReadResult,
	type WriteOptions
} from './operations';
export {
	cardDocumentFromXml,
	CardDocumentError,
	checkCardDocument,
	DocumentInputError,
	documentBytes,
	documentOfFile,
	encodeDocumentXml,
	looksLikeWbxml,
	readDocument,
	type CardDocumentName,
	type DocumentInput,
	type ReadDocument
} from './documents';
export { admFromCommandLine, pin1FromDigits, SecretInputError } from './secrets';
export { ReaderQueue } from './queue';
export {
	identityJson,
	parseKeysRequest,
	parseWriteRequest,
	profileNamed,
	provisionReportJson,
	readDocumentJson,
	readerJson,
	RequestError,
	requestErrorJson,
	traceJson,
	type ParsedKeysRequest,
	type ParsedWriteRequest
} from './http';
export { CARD_API_PREFIX, decideCardRequest, isCardPath, isLoopbackAddress, parseHost, type CardRequestFacts, type OriginDecision } from './origin-guard';
export { cardRequestFacts, isCardRequest, refuseCardRequest, serveCard } from './request-guard';
export { bodyBytes, CARD_BODY_LIMIT, infoEndpoint, jsonBody, planEndpoint, readEndpoint, readersEndpoint, writeEndpoint, type Answer } from './endpoints';
export { snapshotCard, type SnapshotResult } from './plan';
export { configuredVpcdNames, isSimulatedReader, vpcdFriendlyNames, READER_CONF_DIR } from './simulated-reader';
