package io.granary.it.support;

import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Assertions on S3 error responses that print the request that was sent when they fail. */
public final class S3Expect {
    private S3Expect() {
    }

    /**
     * Runs the call and asserts it failed with an S3 error of the given HTTP status and error code
     * ({@code code == null}: no code checked, e.g. HEAD and 304 responses have no body).
     */
    public static S3Exception error(GranaryServerExtension g, int status, String code, Executable call) {
        Throwable thrown = null;
        try {
            call.execute();
        } catch (Throwable t) {
            thrown = unwrap(t);
        }
        String req = g.recorder().describeLast();
        String expected = "expected: HTTP " + status + (code == null ? "" : " " + code);
        if (thrown == null) {
            throw new AssertionError(expected + "; actual: the call succeeded\n  " + req);
        }
        if (!(thrown instanceof S3Exception e)) {
            AssertionError ae = new AssertionError(expected + "; actual: " + thrown + "\n  " + req);
            ae.initCause(thrown);
            throw ae;
        }
        String actualCode = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (e.statusCode() != status || (code != null && !code.equals(actualCode))) {
            AssertionError ae = new AssertionError(expected + "; actual: HTTP " + e.statusCode() + " " + actualCode
                    + " (" + e.getMessage() + ")\n  " + req);
            ae.initCause(e);
            throw ae;
        }
        return e;
    }

    public static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    /** Runs a call that must succeed; on failure, rethrows with the recorded request in the message. */
    public static <T> T ok(GranaryServerExtension g, String what, java.util.concurrent.Callable<T> call) {
        try {
            return call.call();
        } catch (Throwable t) {
            Throwable u = unwrap(t);
            AssertionError ae = new AssertionError(what + " failed: " + u + "\n  " + g.recorder().describeLast());
            ae.initCause(u);
            throw ae;
        }
    }
}
