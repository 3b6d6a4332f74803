package io.logpulse.discover.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.discover.docker.ContainerInfo.Bind;
import io.logpulse.discover.docker.ContainerReport.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a container's logs are on the host, in which format, and what is refused: on real directories. */
class ContainerLogsTest {

    @TempDir
    Path dir;

    private static ContainerInfo container(String name, String image, String state, Map<String, String> labels,
            Bind... binds) {
        return new ContainerInfo("c0ffee" + name, name, image, state, labels, List.of(binds), null);
    }

    @Test
    void nginxWithItsLogDirectoryMountedIsFollowedInMainFormat() throws Exception {
        Path logs = dir.resolve("nginx-log");
        Lines.append(logs.resolve("access.log"), Lines.main("127.0.0.1", "/"));
        Files.writeString(logs.resolve("error.log"), "2025/01/31 03:07:33 [notice] 1#1: start\n");

        ContainerReport report = ContainerLogs.examine(container("nginx-web", "nginx:1.19", "running", Map.of(),
                new Bind(logs.toString(), "/var/log/nginx"), new Bind(dir.resolve("conf").toString(), "/etc/nginx/conf.d")));

        assertThat(report.state()).isEqualTo(State.FOLLOWING);
        assertThat(report.logs()).containsExactly(
                new ContainerReport.Log(logs.resolve("access.log").toRealPath().toString(), "main"));
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void nginxWritingCombinedIsReadAsCombinedWithoutAWarning() throws Exception {
        Path logs = dir.resolve("nginx-log");
        Lines.append(logs.resolve("access.log"), Lines.combined("127.0.0.1", "/"));

        ContainerReport report = ContainerLogs.examine(container("web", "nginx", "running", Map.of(),
                new Bind(logs.toString(), "/var/log/nginx")));

        assertThat(report.logs()).extracting(ContainerReport.Log::format).containsExactly("combined");
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void apacheBackendsLogCombinedAndTheirOtherVhostsLogVhostCombined() throws Exception {
        Path lb01 = dir.resolve("lb01");
        Lines.append(lb01.resolve("access.log"), Lines.combined("127.0.0.1", "/"));
        Lines.append(lb01.resolve("other_vhosts_access.log"), "");

        ContainerReport report = ContainerLogs.examine(container("nginx-lb01", "phpserver:1.0", "running", Map.of(),
                new Bind(lb01.toString(), "/var/log/apache2")));

        assertThat(report.state()).isEqualTo(State.FOLLOWING);
        assertThat(report.logs()).extracting(ContainerReport.Log::format).containsExactly("combined", "vhost_combined");
    }

    @Test
    void anApacheLogInCommonFormatIsReadAsCommonAndTheUserIsTold() throws Exception {
        Path logs = dir.resolve("httpd-logs");
        Lines.append(logs.resolve("access_log"), Lines.commonLine("127.0.0.1", "/"));

        ContainerReport report = ContainerLogs.examine(container("web", "httpd:2.4", "running", Map.of(),
                new Bind(logs.toString(), "/usr/local/apache2/logs")));

        assertThat(report.logs()).extracting(ContainerReport.Log::format).containsExactly("common");
        assertThat(report.warnings()).singleElement().asString()
                .contains("`common` format, not `combined`").contains("logpulse.format");
    }

    @Test
    void theFormatLabelWinsOverTheImage() throws Exception {
        Path logs = dir.resolve("logs");
        Lines.append(logs.resolve("access.log"), Lines.commonLine("127.0.0.1", "/"));

        ContainerReport report = ContainerLogs.examine(container("web", "nginx:1.19", "running",
                Map.of("logpulse.format", "common"), new Bind(logs.toString(), "/var/log/nginx")));

        assertThat(report.logs()).extracting(ContainerReport.Log::format).containsExactly("common");
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void aBadFormatLabelIsNotFollowableWithTheParsersWords() {
        ContainerReport report = ContainerLogs.examine(container("web", "nginx:1.19", "running",
                Map.of("logpulse.format", "fancy"), new Bind(dir.toString(), "/var/log/nginx")));

        assertThat(report.state()).isEqualTo(State.NOT_FOLLOWABLE);
        assertThat(report.reason()).contains("logpulse.format=fancy").contains("Unknown log format");
    }

    @Test
    void withoutABindMountTheStdoutSymlinkIsNamedAndTheFixIsGiven() throws Exception {
        Path rootfs = dir.resolve("merged");
        Files.createDirectories(rootfs.resolve("var/log/nginx"));
        Files.createSymbolicLink(rootfs.resolve("var/log/nginx/access.log"), Path.of("/dev/stdout"));
        var plain = new ContainerInfo("c0ffee", "quirky_hopper", "nginx:1.19", "running", Map.of(), List.of(),
                rootfs.toString());

        ContainerReport seen = ContainerLogs.examine(plain);
        ContainerReport guessed = ContainerLogs.examine(container("quirky_hopper", "nginx:1.19", "running", Map.of()));

        assertThat(seen.state()).isEqualTo(State.NOT_FOLLOWABLE);
        assertThat(seen.reason()).contains("no bind mount over /var/log/nginx")
                .contains("is a symlink to /dev/stdout").doesNotContain("most likely")
                .contains("-v ~/quirky_hopper-log:/var/log/nginx");
        assertThat(guessed.reason()).contains("most likely a symlink to /dev/stdout");
    }

    @Test
    void aMountedDirectoryWithoutAnAccessLogYetIsWaiting() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("nginx-log"));

        ContainerReport report = ContainerLogs.examine(container("web", "nginx:1.19", "running", Map.of(),
                new Bind(logs.toString(), "/var/log/nginx")));

        assertThat(report.state()).isEqualTo(State.WAITING);
        assertThat(report.reason()).contains("no access log in " + logs);
    }

    @Test
    void aStoppedContainersLogsAreStillListedSoTheyCanRest() throws Exception {
        Path logs = dir.resolve("lb02");
        Lines.append(logs.resolve("access.log"), Lines.combined("127.0.0.1", "/"));

        ContainerReport report = ContainerLogs.examine(container("nginx-lb02", "phpserver:1.0", "exited", Map.of(),
                new Bind(logs.toString(), "/var/log/apache2")));

        assertThat(report.state()).isEqualTo(State.STOPPED);
        assertThat(report.logs()).hasSize(1);
    }

    @Test
    void theLogsLabelNamesADirectoryInsideAMount() throws Exception {
        Path data = dir.resolve("app-data");
        Lines.append(data.resolve("logs/web/access.log"), Lines.combined("127.0.0.1", "/"));

        ContainerReport report = ContainerLogs.examine(container("app", "mycorp/app:3", "running",
                Map.of("logpulse.logs", "/srv/data/logs/web"), new Bind(data.toString(), "/srv/data")));

        assertThat(report.state()).isEqualTo(State.FOLLOWING);
        assertThat(report.logs()).extracting(ContainerReport.Log::path)
                .containsExactly(data.resolve("logs/web/access.log").toRealPath().toString());
    }

    @Test
    void aLogsLabelThatClimbsOutOfTheMountIsRefused() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("mount"));
        Lines.append(dir.resolve("secret/access.log"), Lines.combined("10.9.9.9", "/secret"));

        for (String label : List.of("/var/log/nginx/../../../secret", "/var/log/nginx/..", "var/log/nginx")) {
            ContainerReport report = ContainerLogs.examine(container("evil", "nginx:1.19", "running",
                    Map.of("logpulse.logs", label), new Bind(mount.toString(), "/var/log/nginx")));

            assertThat(report.state()).as(label).isEqualTo(State.NOT_FOLLOWABLE);
            assertThat(report.reason()).as(label).contains("refused");
            assertThat(report.logs()).as(label).isEmpty();
        }
    }

    @Test
    void aSymlinkOutOfTheMountIsNeverFollowed() throws Exception {
        Path secret = dir.resolve("secret");
        Lines.append(secret.resolve("access.log"), Lines.combined("10.9.9.9", "/secret"));
        Path mount = Files.createDirectories(dir.resolve("mount"));
        // The container (root inside) can make links in its own log directory: to a file, or to a directory.
        Files.createSymbolicLink(mount.resolve("access.log"), secret.resolve("access.log"));
        Files.createSymbolicLink(mount.resolve("sub"), secret);

        ContainerReport byFile = ContainerLogs.examine(container("evil", "nginx:1.19", "running", Map.of(),
                new Bind(mount.toString(), "/var/log/nginx")));
        ContainerReport byDirectory = ContainerLogs.examine(container("evil", "nginx:1.19", "running",
                Map.of("logpulse.logs", "/var/log/nginx/sub"), new Bind(mount.toString(), "/var/log/nginx")));

        assertThat(byFile.logs()).isEmpty();
        assertThat(byFile.warnings()).singleElement().asString().contains("outside the mount source").contains("not read");
        assertThat(byDirectory.state()).isEqualTo(State.NOT_FOLLOWABLE);
        assertThat(byDirectory.reason()).contains("outside the mount source").contains("refused");
        assertThat(byDirectory.logs()).isEmpty();
    }

    @Test
    void aSymlinkThatStaysInsideTheMountIsFine() throws Exception {
        Path mount = dir.resolve("mount");
        Lines.append(mount.resolve("site/access.log"), Lines.main("127.0.0.1", "/"));
        Files.createSymbolicLink(mount.resolve("access.log"), mount.resolve("site/access.log"));

        ContainerReport report = ContainerLogs.examine(container("web", "nginx:1.19", "running", Map.of(),
                new Bind(mount.toString(), "/var/log/nginx")));

        assertThat(report.logs()).extracting(ContainerReport.Log::path)
                .containsExactly(mount.resolve("site/access.log").toRealPath().toString());
    }

    @Test
    void aContainerThatIsNoWebServerSaysHowToLabelIt() {
        ContainerReport report = ContainerLogs.examine(container("cache", "redis:7", "running", Map.of()));

        assertThat(report.state()).isEqualTo(State.NOT_FOLLOWABLE);
        assertThat(report.reason()).contains("logpulse.logs");
        assertThat(ContainerLogs.looksLikeWebServer(report.container())).isFalse();
    }
}
