package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard pages in headless Chromium: they log in, draw their charts with the console's own ECharts under its
 * Content-Security-Policy without a console error, and show each role its own view. Skipped without a Chromium and
 * chromedriver on the PATH. Set {@code -Ddcmon.screenshots=DIR} to keep screenshots.
 */
class DashboardBrowserTest extends DashboardTestBase {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private ChromeDriver browser;

    @BeforeAll
    static void gatewayRows() throws Exception {
        GatewayApiTest.writeGatewayRows();
    }

    @BeforeEach
    void openBrowser() {
        Optional<Path> chromium = onPath("chromium").or(() -> onPath("chromium-browser"));
        Optional<Path> driver = onPath("chromedriver");
        assumeTrue(chromium.isPresent() && driver.isPresent(), "needs chromium and chromedriver on the PATH");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) browser.quit();
    }

    @Test
    void provinceSeesTheMapBarsTrendAndUnitsThenADetail() throws Exception {
        login("prov");
        waitFor(() -> visible("dashboard-view") && !text("dash-cards").isEmpty());
        waitFor(() -> canvases("chart-map") > 0 && canvases("chart-cities") > 0 && canvases("chart-trend") > 0);
        assertThat(text("dash-cards")).contains("88").contains("96.5");
        assertThat(text("dash-title")).isEqualTo("全省能耗双控总览");
        waitFor(() -> rows("top-projected") == 1);
        assertThat(text("top-projected")).contains(YICHANG_UNIT).contains("宜昌市").contains("115");
        screenshot("overview");

        browser.findElement(By.cssSelector("#nav [data-view=enterprises-view]")).click();
        waitFor(() -> rows("enterprises") == 3);
        List<WebElement> rows = browser.findElements(By.cssSelector("#enterprises tbody tr"));
        assertThat(rows.get(0).getText())
                .contains("91420500MA4K0002XX")
                .contains("宜昌市")
                .contains("105");
        screenshot("units");

        browser.findElements(By.cssSelector("#enterprises tbody tr")).stream()
                .filter(r -> r.getText().contains(UNIT))
                .findFirst()
                .orElseThrow()
                .click();
        waitFor(() -> visible("enterprise-view") && rows("products") == 1 && canvases("chart-days") > 0);
        assertThat(text("subject-cards")).contains("91.5").contains("99.2");
        assertThat(text("products")).contains("cement").contains("98.5");
        screenshot("unit");

        // a unit of the registry: its name, and its registered gateways that never reported
        browser.executeScript("openGateways(arguments[0], null)", HUBEI_WUHAN);
        waitFor(() -> visible("gateways-view") && rows("gw-gateways") == 4);
        assertThat(text("gw-title")).contains("武汉楚钢钢铁有限公司").contains("武汉市");
        assertThat(text("gw-gateways")).contains("GW01 · 未上报").contains("GW99 · 未登记");
        browser.executeScript("openEnterprise(arguments[0], null)", UNIT);
        waitFor(() -> visible("enterprise-view") && text("subject-cards").contains("99.2"));

        browser.findElement(By.id("lang-toggle")).click();
        waitFor(() -> text("nav").contains("Overview") && text("subject-cards").contains("Completion"));

        // what a click on Yichang on the map or its bar does
        browser.executeScript("openRegion('city', '420500')");
        waitFor(() -> text("subject-title").contains("Yichang")
                && text("subject-cards").contains("101"));
        browser.findElement(By.id("subject-back")).click();
        waitFor(() -> visible("dashboard-view") && text("dash-cards").contains("Completion"));
        waitFor(() -> canvases("chart-map") > 0);
        Thread.sleep(1500); // let the charts' animation end before the picture
        screenshot("overview-en");

        // what a click on the tier chart's bar does: the tier's units ranked, re-ranked by a heading's click
        browser.executeScript("openRegionPage('tier', 'thousand')");
        waitFor(() -> visible("region-view")
                && rows("region-units") == 2
                && text("region-cards").contains("93"));
        assertThat(text("region-title")).isEqualTo("Units of Tier thousand, ranked");
        List<WebElement> ranked = browser.findElements(By.cssSelector("#region-units tbody tr"));
        assertThat(ranked.get(0).getText()).contains(YICHANG_UNIT).contains("Yichang");
        assertThat(ranked.get(1).getText()).contains(UNIT).contains("Wuhan");
        browser.findElement(By.cssSelector("#region-units th[data-sort=projected]"))
                .click();
        waitFor(() -> browser.findElement(By.cssSelector("#region-units tbody tr"))
                .getText()
                .contains(YICHANG_UNIT));
        screenshot("tier-en");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void cityOfficeSeesItsOwnCityAndAUnitLandsOnItsOwnPage() throws Exception {
        login("wuhan");
        waitFor(() -> visible("dashboard-view") && !text("dash-cards").isEmpty());
        waitFor(() -> canvases("chart-map") > 0);
        assertThat(text("dash-title")).isEqualTo("武汉市能耗双控总览");
        browser.findElement(By.cssSelector("#nav [data-view=enterprises-view]")).click();
        waitFor(() -> rows("enterprises") == 2);
        assertThat(consoleErrors()).isEmpty();

        // what a click on Wuhan on the map or its bar does: its units ranked
        browser.executeScript("openRegionPage('city', '420100')");
        waitFor(() -> visible("region-view")
                && rows("region-units") == 2
                && text("region-cards").contains("70"));
        assertThat(text("region-title")).isEqualTo("市州 武汉市重点用能单位排名");
        List<WebElement> ranked = browser.findElements(By.cssSelector("#region-units tbody tr"));
        assertThat(ranked.get(0).getText())
                .startsWith("1")
                .contains(UNIT)
                .contains("千家")
                .contains("91.5");
        assertThat(ranked.get(1).getText()).startsWith("2").contains(OTHER_UNIT).contains("40");
        screenshot("city");

        // 报备: the office enters a window for one of its units and sees it listed
        browser.findElement(By.cssSelector("#nav [data-view=maintenance-view]")).click();
        waitFor(() -> visible("maintenance-view"));
        browser.executeScript(
                "const f = document.getElementById('mw-form');"
                        + "f.enterprise.value = arguments[0]; f.gateway.value = 'gw1';"
                        + "f.from.value = '2026-11-24T09:00'; f.to.value = '2026-11-24T15:00'; f.reason.value = '计量表检定';",
                UNIT);
        browser.findElement(By.cssSelector("#mw-form button[type=submit]")).click();
        waitFor(() -> rows("mw-windows") == 1 && text("mw-windows").contains("计量表检定"));
        assertThat(text("mw-windows"))
                .contains(UNIT)
                .contains("gw1")
                .contains("wuhan")
                .contains("有效");
        screenshot("maintenance");
        assertThat(consoleErrors()).isEmpty();
        browser.manage().deleteAllCookies();

        login("unit");
        waitFor(() -> visible("enterprise-view") && rows("products") == 1);
        assertThat(text("subject-title")).contains(UNIT);
        assertThat(browser.findElement(By.cssSelector("#nav [data-view=dashboard-view]"))
                        .isDisplayed())
                .isFalse();
        screenshot("own-unit");
        assertThat(consoleErrors()).isEmpty();

        waitFor(() -> visible("gw-card"));
        browser.findElement(By.id("gw-card")).click();
        waitFor(() -> visible("gateways-view") && rows("gw-gateways") == 2);
        assertThat(rows("gw-points")).isEqualTo(2);
        assertThat(rows("gw-quality")).isEqualTo(3);
        assertThat(rows("gw-rejections")).isEqualTo(2);
        assertThat(text("gw-rejections")).contains("测点未登记于该单位");
        assertThat(text("gw-gateways")).contains("离线", "连接丢失");
        screenshot("gateways");
        browser.findElement(By.id("lang-toggle")).click();
        waitFor(() -> text("gw-rejections").contains("a point is not registered for this unit"));
        assertThat(text("gw-gateways")).contains("offline", "connection lost");
        screenshot("gateways-en");
        browser.findElement(By.id("gw-back")).click();
        waitFor(() -> visible("enterprise-view"));
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void provinceAcknowledgesSelectedAlertsAndSeesTheEvidenceChart() throws Exception {
        login("prov");
        waitFor(() -> visible("dashboard-view"));
        browser.findElement(By.cssSelector("#nav [data-view=alerts-view]")).click();
        waitFor(() -> visible("alerts-view") && rows("alerts") == 3 && visible("bulk-panel"));
        assertThat(browser.findElement(By.id("bulk-ack")).isEnabled()).isFalse();
        List<WebElement> boxes = browser.findElements(By.cssSelector("#alerts tbody input.select-alert"));
        assertThat(boxes).hasSize(3);
        boxes.get(0).click();
        boxes.get(1).click();
        assertThat(visible("alerts-view")).isTrue(); // a checkbox does not open the alert
        browser.findElement(By.id("bulk-ack")).click();
        waitFor(() -> text("bulk-result").contains("已确认 2 条"));
        assertThat(count("SELECT count(*) FROM reviews WHERE actor = 'prov' AND action = 'acknowledge'"))
                .isEqualTo(2);
        assertThat(text("alerts")).contains("已确认");
        screenshot("queue");

        browser.findElements(By.cssSelector("#alerts tbody tr")).get(2).click();
        waitFor(() -> visible("detail-view") && canvases("chart-evidence") > 0);
        browser.executeScript("document.getElementById('chart-evidence').scrollIntoView()");
        Thread.sleep(1000); // let the chart's animation end before the picture
        screenshot("alert-detail");
        assertThat(consoleErrors()).isEmpty();
    }

    private void login(String name) {
        browser.get("http://127.0.0.1:" + port + "/");
        waitFor(() -> visible("login-view"));
        browser.findElement(By.cssSelector("#login-form input[name=name]")).sendKeys(name);
        browser.findElement(By.cssSelector("#login-form input[name=password]")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    }

    private boolean visible(String id) {
        return browser.findElement(By.id(id)).isDisplayed();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private int rows(String tableId) {
        return browser.findElements(By.cssSelector("#" + tableId + " tbody tr")).size();
    }

    private int canvases(String chartId) {
        return browser.findElements(By.cssSelector("#" + chartId + " canvas")).size();
    }

    private List<String> consoleErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                // answers like 401 to /api/me before the login are expected; script and CSP errors are not
                .filter(message -> !message.contains("Failed to load resource"))
                .toList();
    }

    private void waitFor(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            try {
                if (condition.getAsBoolean()) return;
            } catch (RuntimeException notYet) {
                // the page is still changing
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out; browser log: " + consoleErrors());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void screenshot(String name) throws Exception {
        String dir = System.getProperty("dcmon.screenshots");
        if (dir == null) return;
        Files.createDirectories(Path.of(dir));
        File png = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), Path.of(dir, name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        return Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, executable))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
