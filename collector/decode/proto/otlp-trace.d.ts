import * as $protobuf from "protobufjs";
import Long = require("long");
/** Namespace otlp. */
export namespace otlp {

    /** Properties of an AnyValue. */
    interface IAnyValue {

        /** AnyValue stringValue */
        stringValue?: (string|null);

        /** AnyValue boolValue */
        boolValue?: (boolean|null);

        /** AnyValue intValue */
        intValue?: (number|Long|null);

        /** AnyValue doubleValue */
        doubleValue?: (number|null);

        /** AnyValue arrayValue */
        arrayValue?: (otlp.IArrayValue|null);

        /** AnyValue kvlistValue */
        kvlistValue?: (otlp.IKeyValueList|null);

        /** AnyValue bytesValue */
        bytesValue?: (Uint8Array|null);
    }

    /** Represents an AnyValue. */
    class AnyValue implements IAnyValue {

        /**
         * Constructs a new AnyValue.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.IAnyValue);

        /** AnyValue stringValue. */
        public stringValue?: (string|null);

        /** AnyValue boolValue. */
        public boolValue?: (boolean|null);

        /** AnyValue intValue. */
        public intValue?: (number|Long|null);

        /** AnyValue doubleValue. */
        public doubleValue?: (number|null);

        /** AnyValue arrayValue. */
        public arrayValue?: (otlp.IArrayValue|null);

        /** AnyValue kvlistValue. */
        public kvlistValue?: (otlp.IKeyValueList|null);

        /** AnyValue bytesValue. */
        public bytesValue?: (Uint8Array|null);

        /** AnyValue value. */
        public value?: ("stringValue"|"boolValue"|"intValue"|"doubleValue"|"arrayValue"|"kvlistValue"|"bytesValue");

        /**
         * Encodes the specified AnyValue message. Does not implicitly {@link otlp.AnyValue.verify|verify} messages.
         * @param message AnyValue message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: otlp.IAnyValue, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an AnyValue message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns AnyValue
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.AnyValue;

        /**
         * Gets the default type url for AnyValue
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of an ArrayValue. */
    interface IArrayValue {

        /** ArrayValue values */
        values?: (otlp.IAnyValue[]|null);
    }

    /** Represents an ArrayValue. */
    class ArrayValue implements IArrayValue {

        /**
         * Constructs a new ArrayValue.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.IArrayValue);

        /** ArrayValue values. */
        public values: otlp.IAnyValue[];

        /**
         * Encodes the specified ArrayValue message. Does not implicitly {@link otlp.ArrayValue.verify|verify} messages.
         * @param message ArrayValue message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: otlp.IArrayValue, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an ArrayValue message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns ArrayValue
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.ArrayValue;

        /**
         * Gets the default type url for ArrayValue
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a KeyValueList. */
    interface IKeyValueList {

        /** KeyValueList values */
        values?: (otlp.IKeyValue[]|null);
    }

    /** Represents a KeyValueList. */
    class KeyValueList implements IKeyValueList {

        /**
         * Constructs a new KeyValueList.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.IKeyValueList);

        /** KeyValueList values. */
        public values: otlp.IKeyValue[];

        /**
         * Encodes the specified KeyValueList message. Does not implicitly {@link otlp.KeyValueList.verify|verify} messages.
         * @param message KeyValueList message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: otlp.IKeyValueList, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a KeyValueList message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns KeyValueList
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.KeyValueList;

        /**
         * Gets the default type url for KeyValueList
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a KeyValue. */
    interface IKeyValue {

        /** KeyValue key */
        key?: (string|null);

        /** KeyValue value */
        value?: (otlp.IAnyValue|null);
    }

    /** Represents a KeyValue. */
    class KeyValue implements IKeyValue {

        /**
         * Constructs a new KeyValue.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.IKeyValue);

        /** KeyValue key. */
        public key: string;

        /** KeyValue value. */
        public value?: (otlp.IAnyValue|null);

        /**
         * Encodes the specified KeyValue message. Does not implicitly {@link otlp.KeyValue.verify|verify} messages.
         * @param message KeyValue message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: otlp.IKeyValue, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a KeyValue message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns KeyValue
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.KeyValue;

        /**
         * Gets the default type url for KeyValue
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a Resource. */
    interface IResource {

        /** Resource attributes */
        attributes?: (otlp.IKeyValue[]|null);
    }

    /** Represents a Resource. */
    class Resource implements IResource {

        /**
         * Constructs a new Resource.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.IResource);

        /** Resource attributes. */
        public attributes: otlp.IKeyValue[];

        /**
         * Encodes the specified Resource message. Does not implicitly {@link otlp.Resource.verify|verify} messages.
         * @param message Resource message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: otlp.IResource, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Resource message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns Resource
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.Resource;

        /**
         * Gets the default type url for Resource
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of an InstrumentationScope. */
    interface IInstrumentationScope {

        /** InstrumentationScope name */
        name?: (string|null);

        /** InstrumentationScope version */
        version?: (string|null);
    }

    /** Represents an InstrumentationScope. */
    class InstrumentationScope implements IInstrumentationScope {

        /**
         * Constructs a new InstrumentationScope.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.IInstrumentationScope);

        /** InstrumentationScope name. */
        public name: string;

        /** InstrumentationScope version. */
        public version: string;

        /**
         * Encodes the specified InstrumentationScope message. Does not implicitly {@link otlp.InstrumentationScope.verify|verify} messages.
         * @param message InstrumentationScope message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: otlp.IInstrumentationScope, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an InstrumentationScope message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns InstrumentationScope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.InstrumentationScope;

        /**
         * Gets the default type url for InstrumentationScope
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a Status. */
    interface IStatus {

        /** Status message */
        message?: (string|null);

        /** Status code */
        code?: (number|null);
    }

    /** Represents a Status. */
    class Status implements IStatus {

        /**
         * Constructs a new Status.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.IStatus);

        /** Status message. */
        public message: string;

        /** Status code. */
        public code: number;

        /**
         * Encodes the specified Status message. Does not implicitly {@link otlp.Status.verify|verify} messages.
         * @param message Status message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: otlp.IStatus, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Status message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns Status
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.Status;

        /**
         * Gets the default type url for Status
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a Span. */
    interface ISpan {

        /** Span traceId */
        traceId?: (Uint8Array|null);

        /** Span spanId */
        spanId?: (Uint8Array|null);

        /** Span parentSpanId */
        parentSpanId?: (Uint8Array|null);

        /** Span name */
        name?: (string|null);

        /** Span kind */
        kind?: (number|null);

        /** Span startTimeUnixNano */
        startTimeUnixNano?: (number|Long|null);

        /** Span endTimeUnixNano */
        endTimeUnixNano?: (number|Long|null);

        /** Span attributes */
        attributes?: (otlp.IKeyValue[]|null);

        /** Span status */
        status?: (otlp.IStatus|null);
    }

    /** Represents a Span. */
    class Span implements ISpan {

        /**
         * Constructs a new Span.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.ISpan);

        /** Span traceId. */
        public traceId: Uint8Array;

        /** Span spanId. */
        public spanId: Uint8Array;

        /** Span parentSpanId. */
        public parentSpanId: Uint8Array;

        /** Span name. */
        public name: string;

        /** Span kind. */
        public kind: number;

        /** Span startTimeUnixNano. */
        public startTimeUnixNano: (number|Long);

        /** Span endTimeUnixNano. */
        public endTimeUnixNano: (number|Long);

        /** Span attributes. */
        public attributes: otlp.IKeyValue[];

        /** Span status. */
        public status?: (otlp.IStatus|null);

        /**
         * Encodes the specified Span message. Does not implicitly {@link otlp.Span.verify|verify} messages.
         * @param message Span message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: otlp.ISpan, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Span message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns Span
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.Span;

        /**
         * Gets the default type url for Span
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a ScopeSpans. */
    interface IScopeSpans {

        /** ScopeSpans scope */
        scope?: (otlp.IInstrumentationScope|null);

        /** ScopeSpans spans */
        spans?: (otlp.ISpan[]|null);
    }

    /** Represents a ScopeSpans. */
    class ScopeSpans implements IScopeSpans {

        /**
         * Constructs a new ScopeSpans.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.IScopeSpans);

        /** ScopeSpans scope. */
        public scope?: (otlp.IInstrumentationScope|null);

        /** ScopeSpans spans. */
        public spans: otlp.ISpan[];

        /**
         * Encodes the specified ScopeSpans message. Does not implicitly {@link otlp.ScopeSpans.verify|verify} messages.
         * @param message ScopeSpans message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: otlp.IScopeSpans, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ScopeSpans message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns ScopeSpans
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.ScopeSpans;

        /**
         * Gets the default type url for ScopeSpans
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a ResourceSpans. */
    interface IResourceSpans {

        /** ResourceSpans resource */
        resource?: (otlp.IResource|null);

        /** ResourceSpans scopeSpans */
        scopeSpans?: (otlp.IScopeSpans[]|null);
    }

    /** Represents a ResourceSpans. */
    class ResourceSpans implements IResourceSpans {

        /**
         * Constructs a new ResourceSpans.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.IResourceSpans);

        /** ResourceSpans resource. */
        public resource?: (otlp.IResource|null);

        /** ResourceSpans scopeSpans. */
        public scopeSpans: otlp.IScopeSpans[];

        /**
         * Encodes the specified ResourceSpans message. Does not implicitly {@link otlp.ResourceSpans.verify|verify} messages.
         * @param message ResourceSpans message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: otlp.IResourceSpans, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ResourceSpans message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns ResourceSpans
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.ResourceSpans;

        /**
         * Gets the default type url for ResourceSpans
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of an ExportTraceServiceRequest. */
    interface IExportTraceServiceRequest {

        /** ExportTraceServiceRequest resourceSpans */
        resourceSpans?: (otlp.IResourceSpans[]|null);
    }

    /** Represents an ExportTraceServiceRequest. */
    class ExportTraceServiceRequest implements IExportTraceServiceRequest {

        /**
         * Constructs a new ExportTraceServiceRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.IExportTraceServiceRequest);

        /** ExportTraceServiceRequest resourceSpans. */
        public resourceSpans: otlp.IResourceSpans[];

        /**
         * Encodes the specified ExportTraceServiceRequest message. Does not implicitly {@link otlp.ExportTraceServiceRequest.verify|verify} messages.
         * @param message ExportTraceServiceRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: otlp.IExportTraceServiceRequest, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an ExportTraceServiceRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns ExportTraceServiceRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.ExportTraceServiceRequest;

        /**
         * Gets the default type url for ExportTraceServiceRequest
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of an ExportTracePartialSuccess. */
    interface IExportTracePartialSuccess {

        /** ExportTracePartialSuccess rejectedSpans */
        rejectedSpans?: (number|Long|null);

        /** ExportTracePartialSuccess errorMessage */
        errorMessage?: (string|null);
    }

    /** Represents an ExportTracePartialSuccess. */
    class ExportTracePartialSuccess implements IExportTracePartialSuccess {

        /**
         * Constructs a new ExportTracePartialSuccess.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.IExportTracePartialSuccess);

        /** ExportTracePartialSuccess rejectedSpans. */
        public rejectedSpans: (number|Long);

        /** ExportTracePartialSuccess errorMessage. */
        public errorMessage: string;

        /**
         * Encodes the specified ExportTracePartialSuccess message. Does not implicitly {@link otlp.ExportTracePartialSuccess.verify|verify} messages.
         * @param message ExportTracePartialSuccess message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: otlp.IExportTracePartialSuccess, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an ExportTracePartialSuccess message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns ExportTracePartialSuccess
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.ExportTracePartialSuccess;

        /**
         * Gets the default type url for ExportTracePartialSuccess
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of an ExportTraceServiceResponse. */
    interface IExportTraceServiceResponse {

        /** ExportTraceServiceResponse partialSuccess */
        partialSuccess?: (otlp.IExportTracePartialSuccess|null);
    }

    /** Represents an ExportTraceServiceResponse. */
    class ExportTraceServiceResponse implements IExportTraceServiceResponse {

        /**
         * Constructs a new ExportTraceServiceResponse.
         * @param [properties] Properties to set
         */
        constructor(properties?: otlp.IExportTraceServiceResponse);

        /** ExportTraceServiceResponse partialSuccess. */
        public partialSuccess?: (otlp.IExportTracePartialSuccess|null);

        /**
         * Encodes the specified ExportTraceServiceResponse message. Does not implicitly {@link otlp.ExportTraceServiceResponse.verify|verify} messages.
         * @param message ExportTraceServiceResponse message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: otlp.IExportTraceServiceResponse, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an ExportTraceServiceResponse message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns ExportTraceServiceResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): otlp.ExportTraceServiceResponse;

        /**
         * Gets the default type url for ExportTraceServiceResponse
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }
}
