package io.granary.server.platform;

import io.granary.platform.TransportKind;

/**
 * What probing one transport candidate found.
 *
 * @param kind      the candidate
 * @param available whether it can be used here
 * @param reason    why it is (or is not) usable: Netty's unavailability cause, a missing class, a link error
 */
public record TransportProbe(TransportKind kind, boolean available, String reason) {}
