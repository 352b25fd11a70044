package dcmon.assessment;

/** Language of headings and labels: Chinese (the default) or English with snake_case CSV headings. */
public enum Lang {
    ZH,
    EN;

    /** @throws IllegalArgumentException for anything but {@code zh} or {@code en} */
    public static Lang of(String code) {
        return switch (code == null ? "" : code.toLowerCase(java.util.Locale.ROOT)) {
            case "zh" -> ZH;
            case "en" -> EN;
            default -> throw new IllegalArgumentException("unknown language '" + code + "': use zh or en");
        };
    }

    String pick(String zh, String en) {
        return this == ZH ? zh : en;
    }
}
