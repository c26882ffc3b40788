// Public face of the analysis that runs off the page's thread: the client the page uses, the message protocol,
// and the spans in columns with the lookups between XML ranges and WBXML bytes.
export { AnalysisClient, createAnalysisClient, inProcessPort, workerPort, type AnalysisHandlers, type AnalysisPort } from './client';
export { analyseNow, createAnalysisHandler, type AnalysisHandler, type PostResponse } from './handler';
export { warmUpDocument } from './warm-up';
export { LateFlag, type LateTimers } from './late-flag';
export { LONG_TEXT, QuietMoments } from './quiet-moments';
export { isFinal, readRequest } from './protocol';
export type { AnalysisOptions, AnalysisRequest, AnalysisResponse, AnalyseRequest, DoneMessage, FindingsMessage, FailedMessage, WireSpans, WireWbxml } from './protocol';
export { HexSpans, SPAN_KINDS, meaningOf, toWireSpans, transferables, viewSpans, type ByteRange, type SpanKind, type TextRange } from './spans';
export { mapSpansToSource, type SourceMap } from './source-map';
