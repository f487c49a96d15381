package io.granary.s3;

import io.granary.s3.auth.AuthenticatedRequest;
import io.granary.s3.auth.Credentials;
import io.granary.s3.auth.SigV4Authenticator;
import io.granary.s3.handler.Handler;
import io.granary.s3.handler.acl.AclHandlers;
import io.granary.s3.handler.Operation;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.Router;
import io.granary.s3.handler.S3Settings;
import io.granary.s3.handler.bucket.BucketHandlers;
import io.granary.s3.handler.multipart.MultipartHandlers;
import io.granary.s3.handler.object.ObjectHandlers;
import io.granary.s3.handler.tagging.TaggingHandlers;
import io.granary.s3.http.QueryString;
import io.granary.s3.http.S3Request;
import io.granary.s3.http.S3Response;
import io.granary.s3.internal.ErrorResponses;
import io.granary.s3.internal.RequestTarget;
import io.granary.s3.internal.UnsupportedFeatures;
import io.granary.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The S3 front end: turns one {@link S3Request} into one {@link S3Response}. Blocking; the server calls it on a
 * virtual thread per request.
 *
 * <p>Request path: address (bucket and key from the path or the Host) → authenticate (SigV4) → route (the
 * {@link Operation} table) → handler → response, or an S3 XML error from {@link S3Errors#from} at any step.
 */
public final class S3Service {
    private static final Logger log = LoggerFactory.getLogger(S3Service.class);

    private final ObjectStore store;
    private final S3Settings settings;
    private final SigV4Authenticator authenticator;
    private final Map<Operation, Handler> handlers;

    public S3Service(ObjectStore store, Credentials credentials, S3Settings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.authenticator = new SigV4Authenticator(credentials, clock, settings.domains());
        Map<Operation, Handler> table = new EnumMap<>(Operation.class);
        BucketHandlers.register(table);
        ObjectHandlers.register(table);
        MultipartHandlers.register(table);
        TaggingHandlers.register(table);
        AclHandlers.register(table);
        this.handlers = Collections.unmodifiableMap(table);
    }

    /** Operations that have a handler; the rest answer NotImplemented. */
    public java.util.Set<Operation> implementedOperations() {
        return handlers.keySet();
    }

    public S3Response handle(S3Request request) {
        RequestTarget target = null;
        try {
            target = RequestTarget.parse(request, settings.domains());
            AuthenticatedRequest auth = authenticator.authenticate(request);
            if (auth.accessKey() == null) {
                throw new S3Exception(S3Error.ACCESS_DENIED);
            }
            QueryString query = QueryString.parse(request.rawQuery());
            Operation op = Router.resolve(request.method(), target.kind(), query, request.headers());
            UnsupportedFeatures.check(op, request.headers());
            Handler handler = handlers.get(op);
            if (handler == null) {
                throw new S3Exception(S3Error.NOT_IMPLEMENTED, "Granary does not implement " + op + " yet.");
            }
            return handler.handle(new RequestContext(request, op, target.bucket(), target.key(), query, auth, store,
                    settings));
        } catch (Throwable t) {
            if (t instanceof Error e && !(t instanceof StackOverflowError) && !(t instanceof OutOfMemoryError)) {
                throw e;
            }
            S3Exception s3 = S3Errors.from(t);
            if (S3Errors.isServerFault(s3)) {
                log.error("{} {} failed (request {})", request.method(), request.rawPath(), request.requestId(), t);
            } else if (log.isDebugEnabled()) {
                log.debug("{} {} -> {}: {}", request.method(), request.rawPath(), s3.error().code(), t.toString());
            }
            return ErrorResponses.render(s3, request, target);
        }
    }
}
