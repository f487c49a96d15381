package io.granary.it.support;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkHttpContentPublisher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP clients that corrupt a request body on the wire, AFTER the SDK signed it and computed its checksums: the
 * first occurrence of {@code from} in the encoded body (aws-chunked framing included) becomes {@code to} (same
 * length, so Content-Length stays right). This is how a flipped bit in transit looks to the server.
 */
public final class TamperingHttp {
    private TamperingHttp() {
    }

    static byte[] replaceFirst(byte[] body, byte[] from, byte[] to) {
        if (from.length != to.length) {
            throw new IllegalArgumentException("replacement must keep the length");
        }
        outer:
        for (int i = 0; i + from.length <= body.length; i++) {
            for (int k = 0; k < from.length; k++) {
                if (body[i + k] != from[k]) {
                    continue outer;
                }
            }
            byte[] out = body.clone();
            System.arraycopy(to, 0, out, i, to.length);
            return out;
        }
        return body;
    }

    public static SdkHttpClient sync(SdkHttpClient delegate, byte[] from, byte[] to) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                HttpExecuteRequest.Builder b = HttpExecuteRequest.builder().request(request.httpRequest());
                request.contentStreamProvider().ifPresent(p -> b.contentStreamProvider(() -> {
                    try (var in = p.newStream()) {
                        return new ByteArrayInputStream(replaceFirst(in.readAllBytes(), from, to));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
                request.metricCollector().ifPresent(b::metricCollector);
                return delegate.prepareRequest(b.build());
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }

    public static SdkAsyncHttpClient async(SdkAsyncHttpClient delegate, byte[] from, byte[] to) {
        return new SdkAsyncHttpClient() {
            @Override
            public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
                SdkHttpContentPublisher original = request.requestContentPublisher();
                SdkHttpContentPublisher tampered = new SdkHttpContentPublisher() {
                    @Override
                    public Optional<Long> contentLength() {
                        return original.contentLength();
                    }

                    @Override
                    public void subscribe(Subscriber<? super ByteBuffer> s) {
                        CompletableFuture<byte[]> all = collect(original);
                        s.onSubscribe(new Subscription() {
                            final AtomicBoolean sent = new AtomicBoolean();
                            final AtomicLong demand = new AtomicLong();

                            @Override
                            public void request(long n) {
                                demand.addAndGet(n);
                                all.whenComplete((bytes, err) -> {
                                    if (err != null) {
                                        if (sent.compareAndSet(false, true)) {
                                            s.onError(err);
                                        }
                                    } else if (demand.get() > 0 && sent.compareAndSet(false, true)) {
                                        if (bytes.length > 0) {
                                            s.onNext(ByteBuffer.wrap(replaceFirst(bytes, from, to)));
                                        }
                                        s.onComplete();
                                    }
                                });
                            }

                            @Override
                            public void cancel() {
                                sent.set(true);
                            }
                        });
                    }
                };
                AsyncExecuteRequest.Builder b = AsyncExecuteRequest.builder().request(request.request())
                        .requestContentPublisher(tampered).responseHandler(request.responseHandler())
                        .fullDuplex(request.fullDuplex()).httpExecutionAttributes(request.httpExecutionAttributes());
                request.metricCollector().ifPresent(b::metricCollector);
                return delegate.execute(b.build());
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }

    private static CompletableFuture<byte[]> collect(SdkHttpContentPublisher publisher) {
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        publisher.subscribe(new Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer b) {
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                synchronized (out) {
                    out.writeBytes(chunk);
                }
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                synchronized (out) {
                    done.complete(out.toByteArray());
                }
            }
        });
        return done;
    }

}
