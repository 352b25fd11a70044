package dcmon.simulator;

/**
 * One gateway's MQTT user name and password, as {@code mqtt-auth} hands them to the integrators.
 *
 * @param username its MQTT user name
 * @param password its password; never logged
 */
public record GatewayLogin(String username, char[] password) {
    public GatewayLogin {
        if (username == null || username.isBlank()) throw new IllegalArgumentException("a login needs a user name");
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("the login of " + username + " has no password");
        }
        password = password.clone();
    }

    /** The key of {@link SimulatorOptions.Builder#gatewayLogins}: {@code enterprise/gateway}. */
    public static String key(String enterprise, String gateway) {
        return enterprise + "/" + gateway;
    }

    @Override
    public char[] password() {
        return password.clone();
    }

    @Override
    public String toString() {
        return "GatewayLogin[" + username + "]";
    }
}
