package dcmon.cli;

import dcmon.console.Console;
import dcmon.console.ConsoleSettings;
import dcmon.console.alerts.Reviews;
import dcmon.console.auth.Role;
import dcmon.console.auth.User;
import dcmon.console.auth.Users;
import dcmon.console.dashboard.Colours;
import dcmon.console.db.Database;
import dcmon.console.names.Names;
import dcmon.core.alert.AlertConfigLoader;
import dcmon.core.config.ConfigException;
import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import dcmon.stack.InfluxdServer;
import dcmon.stack.PostgresServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "screenshots",
        mixinStandardHelpOptions = true,
        description = {
            "Regenerates the console's screenshots: starts PostgreSQL, InfluxDB and the console on free ports with",
            "figures made up for every unit of the registry, drives headless Chromium through each page in Chinese",
            "and writes one PNG per page and a README.md listing them. Needs chromium, chromium-driver and a CJK font",
            "(fonts-noto-cjk)."
        })
final class ScreenshotsCommand implements Callable<Integer> {
    static final Pattern SIZE = Pattern.compile("(\\d{3,4})x(\\d{3,4})");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    @Option(names = "--out", defaultValue = "docs/screenshots", description = "(default: ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--registry",
            defaultValue = "config/samples/hubei",
            description = "registry directory whose units are shown (default: ${DEFAULT-VALUE})")
    Path registry;

    @Option(
            names = "--reference",
            defaultValue = "config/reference",
            description = "reference tables (default: ${DEFAULT-VALUE})")
    Path reference;

    @Option(
            names = "--alerts",
            defaultValue = "config/alerts.yaml",
            description = "alert rules whose thresholds colour progress (default: ${DEFAULT-VALUE})")
    Path alerts;

    @Option(
            names = "--data",
            defaultValue = "var/screenshots",
            description = "working directory of the servers, emptied first (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(
            names = "--size",
            defaultValue = "1280x800",
            description = "browser window, WIDTHxHEIGHT (default: ${DEFAULT-VALUE})")
    String size;

    /** A page: its file name and what it shows, in Chinese and English. */
    record Shot(String file, String zh, String en) {}

    @Override
    public Integer call() throws Exception {
        Matcher m = SIZE.matcher(size);
        if (!m.matches()) {
            System.err.println("dcmon screenshots: --size must be WIDTHxHEIGHT such as 1280x800 (was '" + size + "')");
            return 2;
        }
        List<String> missing = missingPackages();
        if (!missing.isEmpty()) {
            System.err.println("dcmon screenshots needs " + String.join(" ", missing)
                    + " from the distribution's packages (headless Chromium and a font for Chinese): "
                    + "apt-get install -y " + String.join(" ", missing));
            return 1;
        }
        ReferenceData ref;
        Registry reg;
        try {
            ref = ReferenceLoader.load(reference);
            reg = RegistryLoader.load(registry, ref);
        } catch (ConfigException e) {
            System.err.println("dcmon screenshots: " + e.getMessage());
            return 1;
        }
        if (reg.size() == 0) {
            System.err.println("dcmon screenshots: the registry " + registry + " has no units");
            return 1;
        }
        deleteTree(data);
        Files.createDirectories(out);
        ScreenshotData figures = new ScreenshotData(reg, ref.province(), LocalDate.now(ScreenshotData.SHANGHAI));
        Names names = Names.of(reg, ref.divisions());
        Colours colours = Files.exists(alerts) ? Colours.of(AlertConfigLoader.load(alerts)) : Colours.defaults();
        try (PostgresServer postgres = PostgresServer.start(data.resolve("postgres"), 0);
                InfluxdServer influxd = InfluxdServer.start(data.resolve("influxd"), 0)) {
            postgres.createDatabase("dcmon");
            Database db = Database.open(postgres.jdbcUrl("dcmon"), postgres.user(), postgres.password());
            Instant now = Instant.now();
            System.out.println("writing the figures of " + reg.size() + " units…");
            ScreenshotData.write(influxd.url(), "dcmon", figures.influxLines(now));
            List<String> alertIds = figures.storeAlerts(db, now);
            Map<String, String> passwords = accounts(new Users(db), figures.featured());
            acknowledgeOne(db, alertIds.get(0));
            try (Console console = Console.start(
                    db,
                    null,
                    influxd.url(),
                    "dcmon",
                    colours,
                    () -> names,
                    ConsoleSettings.defaults(),
                    "127.0.0.1",
                    0)) {
                String url = "http://127.0.0.1:" + console.port() + "/";
                List<Shot> shots;
                try {
                    shots = shoot(
                            url,
                            passwords,
                            figures,
                            alertIds.get(0),
                            Integer.parseInt(m.group(1)),
                            Integer.parseInt(m.group(2)));
                } catch (IllegalStateException | WebDriverException e) {
                    // a page that did not draw, or a browser that did not start: say which, without a stack trace
                    System.err.println("dcmon screenshots: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                    return 1;
                }
                Files.writeString(out.resolve("README.md"), readme(shots, registry), StandardCharsets.UTF_8);
                for (Shot s : shots) System.out.println("  " + out.resolve(s.file()) + "  " + s.zh());
                System.out.println(shots.size() + " screenshots and README.md in " + out);
            }
        }
        return 0;
    }

    /** The distribution packages the browser needs that are not installed. */
    static List<String> missingPackages() {
        List<String> missing = new ArrayList<>();
        if (onPath("chromium").or(() -> onPath("chromium-browser")).isEmpty()) missing.add("chromium");
        if (onPath("chromedriver").isEmpty()) missing.add("chromium-driver");
        if (!hasCjkFont()) missing.add("fonts-noto-cjk");
        return missing;
    }

    /** Whether fontconfig knows a font with Chinese glyphs: without one every character is drawn as a box. */
    private static boolean hasCjkFont() {
        if (onPath("fc-list").isEmpty()) return false;
        try {
            Process p = new ProcessBuilder("fc-list", ":lang=zh", "family")
                    .redirectErrorStream(true)
                    .start();
            String fonts = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 && !fonts.isBlank();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One account per role, with a password made up for this run (no one logs in with them afterwards). */
    private static Map<String, String> accounts(Users users, ScreenshotData.Unit featured) {
        Map<String, String> passwords = new LinkedHashMap<>();
        String city = featured.e().city();
        passwords.put("province", add(users, "province", Role.PROVINCE, null, null));
        passwords.put("city-" + city, add(users, "city-" + city, Role.CITY, city, null));
        passwords.put(
                "enterprise",
                add(users, "enterprise", Role.ENTERPRISE, city, featured.e().code()));
        passwords.put("admin", add(users, "admin", Role.ADMIN, null, null));
        return passwords;
    }

    private static String add(Users users, String name, Role role, String city, String enterprise) {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        users.add("screenshots", name, role, city, enterprise, password.toString());
        return password.toString();
    }

    private static void acknowledgeOne(Database db, String alertId) {
        User province = new Users(db).find("province").orElseThrow();
        new Reviews(db).apply(province, alertId, Reviews.Action.ACKNOWLEDGE, "已通知单位核查计量表");
    }

    private List<Shot> shoot(
            String url, Map<String, String> passwords, ScreenshotData figures, String alertId, int width, int height)
            throws IOException, InterruptedException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(onPath("chromium")
                .or(() -> onPath("chromium-browser"))
                .orElseThrow()
                .toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--lang=zh-CN",
                "--hide-scrollbars",
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(onPath("chromedriver").orElseThrow().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            // the window's size includes the browser's frame: the page itself gets exactly width × height
            browser.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
            Pages pages = new Pages(browser, url);
            List<Shot> shots = new ArrayList<>();
            String code = figures.featured().e().code();
            String city = figures.featured().e().city();

            browser.get(url);
            pages.waitFor(() -> pages.visible("login-view"));
            shots.add(pages.shot("login", "登录", "Log in"));

            pages.login("province", passwords.get("province"));
            pages.waitFor(() -> pages.visible("dashboard-view")
                    && pages.canvases("chart-map") > 0
                    && pages.canvases("chart-trend") > 0
                    && pages.rows("top-projected") > 0);
            shots.add(pages.settledShot("overview", "全省总览：晴雨表地图、分级汇总、趋势、预计超目标单位", "Overview"));

            browser.findElement(By.cssSelector("#nav [data-view=alerts-view]")).click();
            pages.waitFor(() -> pages.visible("alerts-view") && pages.rows("alerts") > 0);
            shots.add(pages.shot("alerts", "预警审核队列：筛选、批量确认", "Alert queue"));

            browser.executeScript("openAlert(arguments[0])", alertId);
            pages.waitFor(() -> pages.visible("detail-view") && pages.canvases("chart-evidence") > 0);
            shots.add(pages.settledShot("alert-detail", "预警详情：依据与阈值、事件与审核记录、审核操作", "Alert detail"));

            browser.executeScript("openEnterprise(arguments[0], null)", code);
            pages.waitFor(() ->
                    pages.visible("enterprise-view") && pages.canvases("chart-days") > 0 && pages.rows("products") > 0);
            shots.add(pages.settledShot("enterprise", "重点用能单位：进度与预计、单位产品能耗、近 30 天", "Unit"));

            browser.executeScript("openGateways(arguments[0], null)", code);
            pages.waitFor(() -> pages.visible("gateways-view") && pages.rows("gw-gateways") > 0);
            shots.add(pages.shot("gateways", "网关与测点：连接状态、未上报的登记网关、拒收原因", "Gateways and points"));

            browser.executeScript("openRegionPage('city', arguments[0])", city);
            pages.waitFor(() -> pages.visible("region-view") && pages.rows("region-units") > 0);
            shots.add(pages.shot("city", "市州页：辖区单位排名", "Division, units ranked"));

            browser.executeScript(
                    "openRegionPage('tier', arguments[0])", figures.featured().tier());
            pages.waitFor(() -> pages.visible("region-view")
                    && pages.rows("region-units") > 0
                    && pages.text("region-title")
                            .contains(tierZh(figures.featured().tier())));
            shots.add(pages.shot("tier", "分级页：百家/千家/万家单位排名", "Tier, units ranked"));

            browser.findElement(By.cssSelector("#nav [data-view=maintenance-view]"))
                    .click();
            pages.waitFor(() -> pages.visible("maintenance-view") && pages.rows("mw-windows") > 0);
            shots.add(pages.shot("register", "报备登记：计划停产与计量检修窗口", "报备 register"));

            browser.findElement(By.id("logout")).click();
            pages.waitFor(() -> pages.visible("login-view"));
            pages.login("admin", passwords.get("admin"));
            pages.waitFor(() -> pages.visible("users-view") && pages.rows("users") >= 4);
            shots.add(pages.shot("users", "用户管理（管理员）", "Users (admin)"));
            return shots;
        } finally {
            browser.quit();
        }
    }

    private static String tierZh(String tier) {
        return switch (tier) {
            case "hundred" -> "百家";
            case "thousand" -> "千家";
            default -> "万家";
        };
    }

    /** The page's elements as the console's pages name them, and the pictures taken of them. */
    private final class Pages {
        private final ChromeDriver browser;
        private final String url;

        Pages(ChromeDriver browser, String url) {
            this.browser = browser;
            this.url = url;
        }

        void login(String name, String password) {
            for (String field : List.of("name", "password")) {
                browser.findElement(By.cssSelector("#login-form input[name=" + field + "]"))
                        .clear();
            }
            browser.findElement(By.cssSelector("#login-form input[name=name]")).sendKeys(name);
            browser.findElement(By.cssSelector("#login-form input[name=password]"))
                    .sendKeys(password);
            browser.findElement(By.cssSelector("#login-form button[type=submit]"))
                    .click();
        }

        boolean visible(String id) {
            return browser.findElement(By.id(id)).isDisplayed();
        }

        String text(String id) {
            return browser.findElement(By.id(id)).getText();
        }

        int rows(String tableId) {
            return browser.findElements(By.cssSelector("#" + tableId + " tbody tr"))
                    .size();
        }

        int canvases(String chartId) {
            return browser.findElements(By.cssSelector("#" + chartId + " canvas"))
                    .size();
        }

        void waitFor(BooleanSupplier condition) throws InterruptedException {
            Instant deadline = Instant.now().plus(WAIT);
            while (true) {
                try {
                    if (condition.getAsBoolean()) return;
                } catch (RuntimeException notYet) {
                    // the page is still changing
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the page at " + browser.getCurrentUrl() + " (console " + url
                            + ") did not show what was expected within " + WAIT.toSeconds() + " s");
                }
                Thread.sleep(100);
            }
        }

        /** After the charts' animation has ended. */
        Shot settledShot(String name, String zh, String en) throws IOException, InterruptedException {
            Thread.sleep(1500);
            return shot(name, zh, en);
        }

        Shot shot(String name, String zh, String en) throws IOException {
            browser.executeScript("window.scrollTo(0, 0)");
            File png = browser.getScreenshotAs(OutputType.FILE);
            String file = name + ".png";
            Files.copy(png.toPath(), out.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            return new Shot(file, zh, en);
        }
    }

    static String readme(List<Shot> shots, Path registry) {
        StringBuilder s = new StringBuilder();
        s.append("# 控制台截图 — console screenshots\n\n");
        s.append("Written by `./dcmon screenshots` (do not edit by hand): the console in headless Chromium, in ")
                .append("Chinese, with figures made up for every unit of the registry `")
                .append(registry.toString().replace(File.separatorChar, '/'))
                .append("`.\n\n");
        s.append("| file | 页面 | page |\n|------|------|------|\n");
        for (Shot shot : shots) {
            s.append("| [")
                    .append(shot.file())
                    .append("](")
                    .append(shot.file())
                    .append(") | ")
                    .append(shot.zh())
                    .append(" | ")
                    .append(shot.en())
                    .append(" |\n");
        }
        return s.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        return Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, executable))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
