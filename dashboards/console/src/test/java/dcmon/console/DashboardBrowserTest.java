package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard pages in headless Chromium: they log in, draw their charts with the console's own ECharts under its
 * Content-Security-Policy without a console error, and show each role its own view. Skipped without a Chromium and
 * chromedriver on the PATH. Set {@code -Ddcmon.screenshots=DIR} to keep screenshots.
 */
class DashboardBrowserTest extends DashboardTestBase {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private ConsoleBrowser page;
    private ChromeDriver browser;

    @BeforeAll
    static void gatewayRows() throws Exception {
        GatewayApiTest.writeGatewayRows();
    }

    @BeforeEach
    void openBrowser() {
        page = ConsoleBrowser.open(port, WAIT);
        browser = page.driver;
    }

    @AfterEach
    void closeBrowser() {
        if (page != null) page.close();
    }

    @Test
    void provinceSeesTheMapBarsTrendAndUnitsThenADetail() throws Exception {
        page.login("prov", PASSWORD);
        page.waitFor(
                () -> page.visible("dashboard-view") && !page.text("dash-cards").isEmpty());
        page.waitFor(() -> canvases("chart-map") > 0 && canvases("chart-cities") > 0 && canvases("chart-trend") > 0);
        assertThat(page.text("dash-cards")).contains("88").contains("96.5");
        assertThat(page.text("dash-title")).isEqualTo("全省能耗双控总览");
        page.waitFor(() -> page.rows("top-projected") == 1);
        assertThat(page.text("top-projected"))
                .contains(YICHANG_UNIT)
                .contains("宜昌市")
                .contains("115");
        screenshot("overview");

        browser.findElement(By.cssSelector("#nav [data-view=enterprises-view]")).click();
        page.waitFor(() -> page.rows("enterprises") == 3);
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
        page.waitFor(() -> page.visible("enterprise-view") && page.rows("products") == 1 && canvases("chart-days") > 0);
        assertThat(page.text("subject-cards")).contains("91.5").contains("99.2");
        assertThat(page.text("products")).contains("cement").contains("98.5");
        screenshot("unit");

        // a unit of the registry: its name, and its registered gateways that never reported
        browser.executeScript("openGateways(arguments[0], null)", HUBEI_WUHAN);
        page.waitFor(() -> page.visible("gateways-view") && page.rows("gw-gateways") == 4);
        assertThat(page.text("gw-title")).contains("武汉楚钢钢铁有限公司").contains("武汉市");
        assertThat(page.text("gw-gateways")).contains("GW01 · 未上报").contains("GW99 · 未登记");
        browser.executeScript("openEnterprise(arguments[0], null)", UNIT);
        page.waitFor(() ->
                page.visible("enterprise-view") && page.text("subject-cards").contains("99.2"));

        browser.findElement(By.id("lang-toggle")).click();
        page.waitFor(() -> page.text("nav").contains("Overview")
                && page.text("subject-cards").contains("Completion"));

        // what a click on Yichang on the map or its bar does
        browser.executeScript("openRegion('city', '420500')");
        page.waitFor(() -> page.text("subject-title").contains("Yichang")
                && page.text("subject-cards").contains("101"));
        browser.findElement(By.id("subject-back")).click();
        page.waitFor(
                () -> page.visible("dashboard-view") && page.text("dash-cards").contains("Completion"));
        page.waitFor(() -> canvases("chart-map") > 0);
        Thread.sleep(1500); // let the charts' animation end before the picture
        screenshot("overview-en");

        // what a click on the tier chart's bar does: the tier's units ranked, re-ranked by a heading's click
        browser.executeScript("openRegionPage('tier', 'thousand')");
        page.waitFor(() -> page.visible("region-view")
                && page.rows("region-units") == 2
                && page.text("region-cards").contains("93"));
        assertThat(page.text("region-title")).isEqualTo("Units of Tier thousand, ranked");
        List<WebElement> ranked = browser.findElements(By.cssSelector("#region-units tbody tr"));
        assertThat(ranked.get(0).getText()).contains(YICHANG_UNIT).contains("Yichang");
        assertThat(ranked.get(1).getText()).contains(UNIT).contains("Wuhan");
        browser.findElement(By.cssSelector("#region-units th[data-sort=projected]"))
                .click();
        page.waitFor(() -> browser.findElement(By.cssSelector("#region-units tbody tr"))
                .getText()
                .contains(YICHANG_UNIT));
        screenshot("tier-en");
        assertThat(page.consoleErrors()).isEmpty();
    }

    @Test
    void cityOfficeSeesItsOwnCityAndAUnitLandsOnItsOwnPage() throws Exception {
        page.login("wuhan", PASSWORD);
        page.waitFor(
                () -> page.visible("dashboard-view") && !page.text("dash-cards").isEmpty());
        page.waitFor(() -> canvases("chart-map") > 0);
        assertThat(page.text("dash-title")).isEqualTo("武汉市能耗双控总览");
        browser.findElement(By.cssSelector("#nav [data-view=enterprises-view]")).click();
        page.waitFor(() -> page.rows("enterprises") == 2);
        assertThat(page.consoleErrors()).isEmpty();

        // what a click on Wuhan on the map or its bar does: its units ranked
        browser.executeScript("openRegionPage('city', '420100')");
        page.waitFor(() -> page.visible("region-view")
                && page.rows("region-units") == 2
                && page.text("region-cards").contains("70"));
        assertThat(page.text("region-title")).isEqualTo("市州 武汉市重点用能单位排名");
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
        page.waitFor(() -> page.visible("maintenance-view"));
        browser.executeScript(
                "const f = document.getElementById('mw-form');"
                        + "f.enterprise.value = arguments[0]; f.gateway.value = 'gw1';"
                        + "f.from.value = '2026-11-24T09:00'; f.to.value = '2026-11-24T15:00'; f.reason.value = '计量表检定';",
                UNIT);
        browser.findElement(By.cssSelector("#mw-form button[type=submit]")).click();
        page.waitFor(
                () -> page.rows("mw-windows") == 1 && page.text("mw-windows").contains("计量表检定"));
        assertThat(page.text("mw-windows"))
                .contains(UNIT)
                .contains("gw1")
                .contains("wuhan")
                .contains("有效");
        screenshot("maintenance");
        assertThat(page.consoleErrors()).isEmpty();
        browser.manage().deleteAllCookies();

        page.login("unit", PASSWORD);
        page.waitFor(() -> page.visible("enterprise-view") && page.rows("products") == 1);
        assertThat(page.text("subject-title")).contains(UNIT);
        assertThat(browser.findElement(By.cssSelector("#nav [data-view=dashboard-view]"))
                        .isDisplayed())
                .isFalse();
        screenshot("own-unit");
        assertThat(page.consoleErrors()).isEmpty();

        page.waitFor(() -> page.visible("gw-card"));
        browser.findElement(By.id("gw-card")).click();
        page.waitFor(() -> page.visible("gateways-view") && page.rows("gw-gateways") == 2);
        assertThat(page.rows("gw-points")).isEqualTo(2);
        assertThat(page.rows("gw-quality")).isEqualTo(3);
        assertThat(page.rows("gw-rejections")).isEqualTo(2);
        assertThat(page.text("gw-rejections")).contains("测点未登记于该单位");
        assertThat(page.text("gw-gateways")).contains("离线", "连接丢失");
        screenshot("gateways");
        browser.findElement(By.id("lang-toggle")).click();
        page.waitFor(() -> page.text("gw-rejections").contains("a point is not registered for this unit"));
        assertThat(page.text("gw-gateways")).contains("offline", "connection lost");
        screenshot("gateways-en");
        browser.findElement(By.id("gw-back")).click();
        page.waitFor(() -> page.visible("enterprise-view"));
        assertThat(page.consoleErrors()).isEmpty();
    }

    @Test
    void provinceAcknowledgesSelectedAlertsAndSeesTheEvidenceChart() throws Exception {
        page.login("prov", PASSWORD);
        page.waitFor(() -> page.visible("dashboard-view"));
        browser.findElement(By.cssSelector("#nav [data-view=alerts-view]")).click();
        page.waitFor(() -> page.visible("alerts-view") && page.rows("alerts") == 3 && page.visible("bulk-panel"));
        assertThat(browser.findElement(By.id("bulk-ack")).isEnabled()).isFalse();
        List<WebElement> boxes = browser.findElements(By.cssSelector("#alerts tbody input.select-alert"));
        assertThat(boxes).hasSize(3);
        boxes.get(0).click();
        boxes.get(1).click();
        assertThat(page.visible("alerts-view")).isTrue(); // a checkbox does not open the alert
        browser.findElement(By.id("bulk-ack")).click();
        page.waitFor(() -> page.text("bulk-result").contains("已确认 2 条"));
        assertThat(count("SELECT count(*) FROM reviews WHERE actor = 'prov' AND action = 'acknowledge'"))
                .isEqualTo(2);
        assertThat(page.text("alerts")).contains("已确认");
        screenshot("queue");

        browser.findElements(By.cssSelector("#alerts tbody tr")).get(2).click();
        page.waitFor(() -> page.visible("detail-view") && canvases("chart-evidence") > 0);
        browser.executeScript("document.getElementById('chart-evidence').scrollIntoView()");
        Thread.sleep(1000); // let the chart's animation end before the picture
        screenshot("alert-detail");
        assertThat(page.consoleErrors()).isEmpty();
    }

    private int canvases(String chartId) {
        return browser.findElements(By.cssSelector("#" + chartId + " canvas")).size();
    }

    private void screenshot(String name) throws Exception {
        String dir = System.getProperty("dcmon.screenshots");
        if (dir == null) return;
        Files.createDirectories(Path.of(dir));
        File png = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), Path.of(dir, name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
