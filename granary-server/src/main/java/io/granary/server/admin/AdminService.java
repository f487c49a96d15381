package io.granary.server.admin;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.auth.AuthenticatedRequest;
import io.granary.s3.auth.SigV4Authenticator;
import io.granary.s3.http.ResponseBody;
import io.granary.s3.http.S3Request;
import io.granary.s3.http.S3Response;
import io.granary.s3.internal.ErrorResponses;
import io.granary.storage.ObjectReader;
import io.granary.storage.ObjectStore;
import io.granary.server.platform.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The admin API under {@code /_admin/v1/} (an invalid bucket name, so it can never shadow a bucket), for the root
 * user only, signed with SigV4 like any S3 request:
 * <ul>
 *   <li>{@code GET info}: the platform report and every choice with its reason ({@code granary info --json}).</li>
 *   <li>{@code GET memory}: heap, non-heap, direct and mapped buffer pools, and the buffer allocator's arenas.</li>
 *   <li>{@code POST heapdump}: writes a heap dump of live objects into the diagnostics folder and answers its
 *       path.</li>
 *   <li>{@code POST profile?seconds=N}: records a JFR CPU and allocation profile for N (1..300) seconds and answers
 *       the recording.</li>
 *   <li>{@code POST heal[?bucket=B[&key=K]]}: heals one object, a bucket, or everything (erasure-coded deployments);
 *       {@code GET drives}: the state of every drive.</li>
 * </ul>
 * A capability the runtime lacks answers 501 NotImplemented naming what is missing; nothing crashes.
 */
public final class AdminService {
    public static final String PREFIX = "/_admin/v1/";
    private static final Logger log = LoggerFactory.getLogger(AdminService.class);
    private static final int MAX_PROFILE_SECONDS = 300;

    private final SigV4Authenticator authenticator;
    private final String rootUser;
    private final Supplier<Map<String, Object>> info;
    private final Supplier<Map<String, Object>> memory;
    private final Diagnostics diagnostics;
    private final Path diagnosticsDir;
    private final ObjectStore store;

    public AdminService(SigV4Authenticator authenticator, String rootUser, Supplier<Map<String, Object>> info,
                        Supplier<Map<String, Object>> memory, Diagnostics diagnostics, Path diagnosticsDir,
                        ObjectStore store) {
        this.authenticator = authenticator;
        this.rootUser = rootUser;
        this.info = info;
        this.memory = memory;
        this.diagnostics = diagnostics;
        this.diagnosticsDir = diagnosticsDir;
        this.store = store;
    }

    /** True for requests addressed to the admin API rather than to S3. */
    public static boolean isAdminPath(String rawPath) {
        return rawPath.startsWith(PREFIX) || rawPath.equals("/_admin") || rawPath.startsWith("/_admin/");
    }

    public S3Response handle(S3Request request) {
        try {
            AuthenticatedRequest auth = authenticator.authenticate(request);
            if (auth.accessKey() == null || !auth.accessKey().equals(rootUser)) {
                throw new S3Exception(S3Error.ACCESS_DENIED, "The admin API is for the root user only.");
            }
        } catch (S3Exception e) {
            return ErrorResponses.render(e, request, null);
        }
        return serve(request);
    }

    /** Serves an authenticated admin request; every failure becomes an S3 error document. */
    S3Response serve(S3Request request) {
        try {
            String op = request.rawPath().startsWith(PREFIX) ? request.rawPath().substring(PREFIX.length()) : "";
            return switch (request.method() + " " + op) {
                case "GET info" -> json(info.get());
                case "GET memory" -> json(memory.get());
                case "POST heapdump" -> heapDump();
                case "POST profile" -> profile(request);
                case "POST heal" -> json(Healing.heal(store,
                        io.granary.s3.http.QueryString.parse(request.rawQuery())));
                case "GET drives" -> json(Healing.drives(store));
                default -> throw new S3Exception(S3Error.NOT_IMPLEMENTED,
                        "Unknown admin operation " + request.method() + " " + request.rawPath());
            };
        } catch (Diagnostics.Unsupported e) {
            return ErrorResponses.render(new S3Exception(S3Error.NOT_IMPLEMENTED, e.getMessage()), request, null);
        } catch (S3Exception e) {
            return ErrorResponses.render(e, request, null);
        } catch (Exception e) {
            log.error("admin request {} {} failed", request.method(), request.rawPath(), e);
            return ErrorResponses.render(new S3Exception(S3Error.INTERNAL_ERROR, "Diagnostics failed: " + e), request,
                    null);
        }
    }

    private S3Response heapDump() throws Exception {
        Path target = newDiagnosticsFile("heap", ".hprof");
        diagnostics.heapDump(target);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("path", target.toString());
        result.put("bytes", Files.size(target));
        log.info("heap dump written to {}", target);
        return json(result);
    }

    private S3Response profile(S3Request request) throws Exception {
        int seconds = seconds(io.granary.s3.http.QueryString.parse(request.rawQuery()).get("seconds"));
        Path target = newDiagnosticsFile("profile", ".jfr");
        diagnostics.profile(Duration.ofSeconds(seconds), target);
        FileChannel channel = FileChannel.open(target);
        long size = channel.size();
        AutoCloseable cleanup = () -> {
            channel.close();
            Files.deleteIfExists(target);
        };
        S3Response response = S3Response.ok().header("Content-Type", "application/octet-stream")
                .header("Content-Disposition", "attachment; filename=\"" + target.getFileName() + "\"");
        return response.body(new ResponseBody.FileSegments(List.of(new ObjectReader.Segment(channel, 0, size)), size,
                cleanup));
    }

    private static int seconds(String value) {
        try {
            int s = value == null ? 10 : Integer.parseInt(value);
            if (s >= 1 && s <= MAX_PROFILE_SECONDS) return s;
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "seconds must be 1.." + MAX_PROFILE_SECONDS)
                .with("ArgumentName", "seconds").with("ArgumentValue", value);
    }

    private Path newDiagnosticsFile(String kind, String suffix) throws IOException {
        Files.createDirectories(diagnosticsDir);
        String stamp = Instant.now().toString().replace(':', '-');
        return diagnosticsDir.resolve(kind + "-" + stamp + "-" + ProcessHandle.current().pid() + suffix);
    }

    private static S3Response json(Map<String, Object> value) {
        S3Response r = S3Response.ok().header("Content-Type", "application/json");
        return r.body(new ResponseBody.Bytes((Json.write(value) + "\n").getBytes(StandardCharsets.UTF_8)));
    }
}
