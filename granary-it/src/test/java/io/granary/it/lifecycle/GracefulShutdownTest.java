package io.granary.it.lifecycle;

import io.granary.it.support.RawHttp;
import io.granary.server.GranaryServer;
import io.granary.server.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stop drains: a request that is half-way through its body when the server is told to stop still completes and is
 * durable, while new connections are refused.
 */
class GracefulShutdownTest {

    @TempDir
    Path data;

    @Test
    void anUploadInFlightFinishesWhileNewConnectionsAreRefused() throws Exception {
        ServerConfig config = ServerConfig.forTest(data);
        GranaryServer server = GranaryServer.start(config);
        int port = server.port();
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(ServerConfig.DEFAULT_USER,
                ServerConfig.DEFAULT_PASSWORD));
        URI endpoint = URI.create(server.endpoint());
        try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(creds).forcePathStyle(true).build()) {
            s3.createBucket(b -> b.bucket("drain"));
        }
        URL url;
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(creds)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            url = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(r -> r.bucket("drain").key("in-flight"))).url();
        }
        byte[] body = new byte[256 * 1024];
        Arrays.fill(body, (byte) 'x');
        CompletableFuture<Void> stopping;
        try (RawHttp client = new RawHttp("127.0.0.1", port)) {
            client.send("PUT " + url.getFile() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n");
            client.send(Arrays.copyOf(body, body.length / 2));
            Thread.sleep(300); // the request is now being served, waiting for the rest of its body

            stopping = CompletableFuture.runAsync(server::close);
            Thread.sleep(500);
            assertThat(stopping).as("the stop waits for the in-flight request").isNotDone();
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                    .as("no new connections while draining").isInstanceOf(ConnectException.class);

            client.send(Arrays.copyOfRange(body, body.length / 2, body.length));
            RawHttp.Response response = client.read();
            assertThat(response.status()).as("%s", response).isEqualTo(200);
        }
        stopping.get(java.util.concurrent.TimeUnit.SECONDS.toMillis(10), java.util.concurrent.TimeUnit.MILLISECONDS);

        try (GranaryServer again = GranaryServer.start(config);
             S3Client s3 = S3Client.builder().endpointOverride(URI.create(again.endpoint()))
                     .region(Region.US_EAST_1).credentialsProvider(creds).forcePathStyle(true).build()) {
            byte[] stored = s3.getObjectAsBytes(b -> b.bucket("drain").key("in-flight")).asByteArray();
            assertThat(new String(stored, StandardCharsets.US_ASCII)).isEqualTo(new String(body,
                    StandardCharsets.US_ASCII));
        }
    }
}
