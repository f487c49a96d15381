package io.granary.s3.internal;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.Target;
import io.granary.s3.http.Headers;
import io.granary.s3.http.S3Request;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestTargetTest {

    private static S3Request get(String rawPath, String host) {
        return new S3Request("GET", rawPath, "", new Headers(), InputStream.nullInputStream(), 0, host, "ID",
                Instant.now());
    }

    @ParameterizedTest(name = "{0} -> {1} / {2} / {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "/                       | SERVICE | NULL   | NULL",
            "/bucket                 | BUCKET  | bucket | NULL",
            "/bucket/                | BUCKET  | bucket | NULL",
            "/bucket/key             | OBJECT  | bucket | key",
            "/bucket//key            | OBJECT  | bucket | /key",
            "/bucket/a//b/           | OBJECT  | bucket | a//b/",
            "/bucket/a/../b          | OBJECT  | bucket | a/../b",
            "/bucket/../../etc/passwd | OBJECT | bucket | ../../etc/passwd",
            "/bucket/with%20space    | OBJECT  | bucket | with space",
            "/bucket/plus+sign       | OBJECT  | bucket | plus+sign",
            "/bucket/pct%25x%3D%2A   | OBJECT  | bucket | pct%x=*",
            "/bucket/%E2%9C%93       | OBJECT  | bucket | \u2713",
    })
    void pathStyle(String path, Target kind, String bucket, String key) {
        RequestTarget t = RequestTarget.parse(get(path, "localhost:9000"), List.of());
        assertThat(t.kind()).isEqualTo(kind);
        assertThat(t.bucket()).isEqualTo(bucket);
        assertThat(t.key()).isEqualTo(key);
    }

    @Test
    void virtualHostStyleUsesHostWhenItEndsInADomain() {
        RequestTarget t = RequestTarget.parse(get("/a/b", "photos.s3.example.com:9000"), List.of("s3.example.com"));
        assertThat(t).isEqualTo(new RequestTarget(Target.OBJECT, "photos", "a/b"));
        RequestTarget pathStyle = RequestTarget.parse(get("/photos/a", "s3.example.com"), List.of("s3.example.com"));
        assertThat(pathStyle).isEqualTo(new RequestTarget(Target.OBJECT, "photos", "a"));
    }

    @Test
    void keysLongerThan1024BytesAreRejected() {
        String ok = "/b/" + "k".repeat(1024);
        assertThat(RequestTarget.parse(get(ok, null), List.of()).key()).hasSize(1024);
        assertThatThrownBy(() -> RequestTarget.parse(get(ok + "k", null), List.of()))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.KEY_TOO_LONG));
        // 342 three-byte characters = 1026 bytes
        assertThatThrownBy(() -> RequestTarget.parse(get("/b/" + "%E2%9C%93".repeat(342), null), List.of()))
                .isInstanceOf(S3Exception.class);
    }
}
