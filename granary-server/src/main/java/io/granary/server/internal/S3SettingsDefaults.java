package io.granary.server.internal;

/** The owner Granary shows in listings until it has users of its own. */
final class S3SettingsDefaults {
    static final String OWNER_ID = "02d6176db174dc93cb1b899f7c6078f08654445fe8cf1b6ce98d8855f66bdbf4";
    static final String OWNER_NAME = "granary";

    private S3SettingsDefaults() {}
}
