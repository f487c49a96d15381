package io.granary.server.cli;

import io.granary.server.config.ServerConfig;

import java.util.Map;

/**
 * The root key pair, from the first source that has both halves: command line, GRANARY_ROOT_USER/PASSWORD,
 * MINIO_ROOT_USER/PASSWORD, RUSTFS_ACCESS_KEY/SECRET_KEY (so people can migrate), else the development default.
 */
record RootCredentials(String user, String password, String source) {

    static RootCredentials resolve(String cliUser, String cliPassword, Map<String, String> env) {
        if (cliUser != null || cliPassword != null) {
            if (cliUser == null || cliPassword == null) {
                throw new IllegalArgumentException("--root-user and --root-password must be given together");
            }
            return checked(cliUser, cliPassword, "the command line");
        }
        String[][] pairs = {
                {"GRANARY_ROOT_USER", "GRANARY_ROOT_PASSWORD"},
                {"MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD"},
                {"RUSTFS_ACCESS_KEY", "RUSTFS_SECRET_KEY"}};
        for (String[] p : pairs) {
            boolean hasUser = env.get(p[0]) != null && !env.get(p[0]).isEmpty();
            boolean hasPassword = env.get(p[1]) != null && !env.get(p[1]).isEmpty();
            if (hasUser && hasPassword) {
                return checked(env.get(p[0]), env.get(p[1]), p[0] + "/" + p[1]);
            }
            if (hasUser != hasPassword) {
                throw new IllegalArgumentException((hasUser ? p[0] : p[1]) + " is set but " + (hasUser ? p[1] : p[0])
                        + " is not: set both, or neither");
            }
        }
        return new RootCredentials(ServerConfig.DEFAULT_USER, ServerConfig.DEFAULT_PASSWORD, "default");
    }

    boolean isDefault() {
        return "default".equals(source);
    }

    private static RootCredentials checked(String user, String password, String source) {
        if (user.length() < 3) {
            throw new IllegalArgumentException("the root user (from " + source + ") must be at least 3 characters");
        }
        if (password.length() < 8) {
            throw new IllegalArgumentException("the root password (from " + source + ") must be at least 8 characters");
        }
        return new RootCredentials(user, password, source);
    }
}
