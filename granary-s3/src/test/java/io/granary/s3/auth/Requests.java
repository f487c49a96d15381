package io.granary.s3.auth;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.S3PayloadException;
import io.granary.s3.http.Headers;
import io.granary.s3.http.S3Request;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Test helpers: build S3Requests, read payloads, check errors. */
final class Requests {
    private Requests() {}

    static final String AK = "AKIAIOSFODNN7EXAMPLE";
    static final String SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final Instant T0 = Instant.parse("2013-05-24T00:00:00Z");

    static SigV4Authenticator authenticator(Instant now) {
        return new SigV4Authenticator(Credentials.single(AK, SK), Clock.fixed(now, ZoneOffset.UTC));
    }

    static S3Request request(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
        return new S3Request(method, rawPath, rawQuery == null ? "" : rawQuery, headers,
                new ByteArrayInputStream(body), body.length, headers.get("host"), "req-1", T0);
    }

    static S3Request request(String method, String rawPath, String rawQuery, Headers headers, InputStream body,
                             long contentLength) {
        return new S3Request(method, rawPath, rawQuery == null ? "" : rawQuery, headers, body, contentLength,
                headers.get("host"), "req-1", T0);
    }

    static Headers headers(String... nameValues) {
        Headers h = new Headers();
        for (int i = 0; i < nameValues.length; i += 2) h.add(nameValues[i], nameValues[i + 1]);
        return h;
    }

    static Headers copy(Headers h) {
        Headers c = new Headers();
        h.entries().forEach(e -> c.add(e.getKey(), e.getValue()));
        return c;
    }

    static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    static S3Error errorOf(Runnable r) {
        Throwable t = catchThrowable(r::run);
        assertThat(t).as("expected an S3Exception").isInstanceOf(S3Exception.class);
        return ((S3Exception) t).error();
    }

    static S3Exception exceptionOf(Runnable r) {
        Throwable t = catchThrowable(r::run);
        assertThat(t).as("expected an S3Exception").isInstanceOf(S3Exception.class);
        return (S3Exception) t;
    }

    interface IoAction {
        void run() throws IOException;
    }

    static S3Error payloadErrorOf(IoAction r) {
        Throwable t = catchThrowable(r::run);
        assertThat(t).as("expected an S3PayloadException").isInstanceOf(S3PayloadException.class);
        return ((S3PayloadException) t).s3().error();
    }
}
