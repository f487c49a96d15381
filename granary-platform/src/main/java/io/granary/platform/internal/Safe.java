package io.granary.platform.internal;

/** Helpers that turn any failure into a short reason string. */
final class Safe {
    private Safe() {}

    /** "ExceptionSimpleName: message" for a reason text. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
