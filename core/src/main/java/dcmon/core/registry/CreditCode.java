package dcmon.core.registry;

/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters — registration authority, entity
 * type, 6-digit division code, 9-character organisation code and a check character over the first 17.
 */
public final class CreditCode {
    /** The 31 symbols in value order (0–30); I, O, S, V and Z are not used. */
    public static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    public static final int LENGTH = 18;

    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private CreditCode() {}

    /** True when the code has 18 characters of the charset and a correct check character. */
    public static boolean isValid(String code) {
        return problem(code) == null;
    }

    /** True when the code has 18 characters of the charset, whatever its check character. */
    public static boolean isWellFormed(String code) {
        return formatProblem(code) == null;
    }

    /**
     * The check character for the first 17 characters of a code.
     *
     * @throws IllegalArgumentException when the argument is not 17 characters of the charset
     */
    public static char checkChar(String first17) {
        if (first17 == null || first17.length() != LENGTH - 1) {
            throw new IllegalArgumentException("expected 17 characters, found "
                    + (first17 == null ? "null" : first17.length() + ": '" + first17 + "'"));
        }
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            int v = CHARSET.indexOf(first17.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("character '" + first17.charAt(i) + "' at position " + (i + 1)
                        + " is not in the charset " + CHARSET);
            }
            sum += v * WEIGHTS[i];
        }
        int check = 31 - sum % 31;
        return CHARSET.charAt(check == 31 ? 0 : check);
    }

    /** @return why the code is not valid (format or check character), or null when it is valid */
    public static String problem(String code) {
        String format = formatProblem(code);
        if (format != null) return format;
        char expected = checkChar(code.substring(0, LENGTH - 1));
        char found = code.charAt(LENGTH - 1);
        return found == expected
                ? null
                : "check character is '" + found + "' but the first 17 characters give '" + expected + "'";
    }

    /** @return why the code is not 18 characters of the charset, or null */
    public static String formatProblem(String code) {
        if (code == null) return "code is missing";
        if (code.length() != LENGTH) return "must have 18 characters, found " + code.length();
        for (int i = 0; i < code.length(); i++) {
            if (CHARSET.indexOf(code.charAt(i)) < 0) {
                return "character '" + code.charAt(i) + "' at position " + (i + 1)
                        + " is not allowed (allowed: digits and capital letters except I, O, S, V, Z)";
            }
        }
        return null;
    }
}
