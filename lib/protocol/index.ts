/** The native protocol codec (v3, v4, v5): frames, v5 segments, LZ4, request encoders, response decoders — bytes only. */
export { HeaderFlag, Opcode, ResultKind, BatchType, RESPONSE_BIT, opcodeName, type ProtocolVersion } from './opcodes';
export { Consistency, consistencyName } from './consistency';
export { HEADER_LENGTH, DEFAULT_MAX_BODY_LENGTH, type Frame } from './frame-header';
export { Reader, formatAddress, type Inet } from './reader';
export { Writer, type BoundValue } from './writer';
export { FrameDecoder, type FrameDecoderOptions } from './frame-decoder';
export { type Compressor, Lz4Compressor } from './compressor';
export { compressBody, decompressBody } from './body-compression';
export { crc24, crc32, crc32Core } from './crc';
export { MAX_SEGMENT_PAYLOAD } from './segment-format';
export { SegmentEncoder, type SegmentEncoderOptions } from './segment-encoder';
export { SegmentDecoder, type SegmentDecoderOptions } from './segment-decoder';
export { type FrameOptions } from './request-frame';
export { QueryFlag, type QueryParameters } from './query-parameters';
export {
  encodeStartup, encodeOptions, encodeAuthResponse, encodeRegister, encodeQuery, encodePrepare, encodeExecute,
  PrepareFlag,
} from './requests';
export { encodeBatch, type BatchStatement, type BatchParameters } from './batch';
export { decodeResponse, type Response, type ResponseMessage, type DecodeOptions } from './response';
export { type Result, type RowsResult, type ResultOptions } from './result';
export { RowsFlag, type ColumnSpec, type RowsMetadata, type PreparedMetadata } from './result-metadata';
export { decodeRows, type Row, type RowsContent } from './rows';
export { type ServerEvent, type SchemaChange, type SchemaChangeTarget } from './events';
export { serverErrorFromBody } from './error-response';
export { readType, MAX_TYPE_DEPTH } from './type-parser';
