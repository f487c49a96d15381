package io.granary.bench.internal;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples of the AWS S3 SigV4 documentation ("Signature Calculations for the Authorization Header"). */
class SigV4Test {
    private static final String AK = "AKIAIOSFODNN7EXAMPLE";
    private static final String SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String HOST = "examplebucket.s3.amazonaws.com";
    private static final String DATE = "20130524T000000Z";

    private final SigV4 signer = new SigV4(AK, SK, "us-east-1", "s3");

    @Test
    void signingKeyMatchesTheDocumentedDerivation() {
        byte[] key = SigV4.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");
        assertThat(HexFormat.of().formatHex(key))
                .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    }

    @Test
    void getObjectWithRange() {
        String sig = signer.signature("GET", "/test.txt", "",
                new String[] {"host", "range", "x-amz-content-sha256", "x-amz-date"},
                new String[] {HOST, "bytes=0-9", SigV4.EMPTY_SHA256, DATE}, 4, SigV4.EMPTY_SHA256, DATE);
        assertThat(sig).isEqualTo("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        assertThat(signer.scope()).isEqualTo("20130524/us-east-1/s3/aws4_request");
    }

    @Test
    void putObject() {
        String hash = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
        byte[] body = "Welcome to Amazon S3.".getBytes();
        assertThat(SigV4.sha256Hex(body, 0, body.length)).isEqualTo(hash);
        String sig = signer.signature("PUT", SigV4.uriEncode("/test$file.text", false), "",
                new String[] {"date", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-storage-class"},
                new String[] {"Fri, 24 May 2013 00:00:00 GMT", HOST, hash, DATE, "REDUCED_REDUNDANCY"}, 5, hash, DATE);
        assertThat(sig).isEqualTo("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
    }

    @Test
    void getBucketLifecycle() {
        String sig = signer.signature("GET", "/", "lifecycle=",
                new String[] {"host", "x-amz-content-sha256", "x-amz-date"},
                new String[] {HOST, SigV4.EMPTY_SHA256, DATE}, 3, SigV4.EMPTY_SHA256, DATE);
        assertThat(sig).isEqualTo("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
    }

    @Test
    void listObjects() {
        String sig = signer.signature("GET", "/", "max-keys=2&prefix=J",
                new String[] {"host", "x-amz-content-sha256", "x-amz-date"},
                new String[] {HOST, SigV4.EMPTY_SHA256, DATE}, 3, SigV4.EMPTY_SHA256, DATE);
        assertThat(sig).isEqualTo("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
    }

    @Test
    void presignedGet() {
        String url = signer.presign("GET", "https://" + HOST, HOST, "/test.txt", Instant.parse("2013-05-24T00:00:00Z"),
                86400);
        assertThat(url).isEqualTo("https://examplebucket.s3.amazonaws.com/test.txt"
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    }

    @Test
    void signingTwiceGivesTheSameSignature() {
        String[] names = {"host", "x-amz-content-sha256", "x-amz-date"};
        String[] values = {HOST, SigV4.EMPTY_SHA256, DATE};
        String a = signer.signature("GET", "/", "lifecycle=", names, values, 3, SigV4.EMPTY_SHA256, DATE);
        String b = signer.signature("GET", "/", "lifecycle=", names, values, 3, SigV4.EMPTY_SHA256, DATE);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void uriEncoding() {
        assertThat(SigV4.uriEncode("a b/c~d*é", false)).isEqualTo("a%20b/c~d%2A%C3%A9");
        assertThat(SigV4.uriEncode("a/b=c", true)).isEqualTo("a%2Fb%3Dc");
        assertThat(SigV4.amzDate(Instant.parse("2013-05-24T00:00:00Z"))).isEqualTo(DATE);
    }
}
