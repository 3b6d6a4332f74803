package io.logpulse.query.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpulse.discover.NginxUpstreams;
import io.logpulse.discover.NginxUpstreams.Method;
import io.logpulse.discover.NginxUpstreams.Server;
import io.logpulse.discover.NginxUpstreams.Upstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upstream variants of the field guide's load-balancer lab, and nginx.conf syntax around them. */
class NginxUpstreamsTest {

    @TempDir
    Path dir;

    private Upstream only(String conf) {
        List<Upstream> upstreams = NginxUpstreams.parse(conf, dir);
        assertThat(upstreams).hasSize(1);
        return upstreams.get(0);
    }

    @Test
    void theLabsPlainUpstreamHasEqualWeights() {
        Upstream u = only("""
                http {
                    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                                      '$status $body_bytes_sent "$http_referer" '
                                      '"$http_user_agent" "$http_x_forwarded_for"';
                    access_log  /var/log/nginx/access.log  main;

                    upstream backend-lb {
                        server 127.0.0.1:5001;
                        server 127.0.0.1:5002;
                        server 127.0.0.1:5003;
                    }
                    server {
                        listen 80 default_server;
                        location / { proxy_pass http://backend-lb; }
                    }
                }
                """);
        assertThat(u.name()).isEqualTo("backend-lb");
        assertThat(u.context()).isEqualTo("http");
        assertThat(u.method()).isEqualTo(Method.ROUND_ROBIN);
        assertThat(u.servers()).extracting(Server::address).containsExactly("127.0.0.1:5001", "127.0.0.1:5002", "127.0.0.1:5003");
        assertThat(u.servers()).extracting(Server::weight).containsExactly(1, 1, 1);
        assertThat(u.servers()).noneMatch(s -> s.down() || s.backup());
    }

    @Test
    void weights() {
        Upstream u = only("upstream backend-lb { server 127.0.0.1:5001 weight=6; server 127.0.0.1:5002 weight=2; "
                + "server 127.0.0.1:5003 weight=2; }  # expect 60/20/20");
        assertThat(u.servers()).extracting(Server::weight).containsExactly(6, 2, 2);
        Plan plan = Plan.fromUpstream(u);
        assertThat(plan.fixedShares()).isTrue();
        assertThat(plan.backends()).extracting(Backend::weight).containsExactly(6.0, 2.0, 2.0);
    }

    @Test
    void leastConnHasNoFixedShares() {
        Upstream u = only("upstream backend-lb { least_conn; server 127.0.0.1:5001; server 127.0.0.1:5002; server 127.0.0.1:5003; }");
        assertThat(u.method()).isEqualTo(Method.LEAST_CONN);
        assertThat(u.balancing()).isEqualTo("least_conn");
        assertThat(Plan.fromUpstream(u).fixedShares()).isFalse();
    }

    @Test
    void ipHashHasNoFixedShares() {
        Upstream u = only("upstream backend-lb { ip_hash;    server 127.0.0.1:5001; server 127.0.0.1:5002; server 127.0.0.1:5003; }"
                + "  # same client -> same backend");
        assertThat(u.method()).isEqualTo(Method.IP_HASH);
        Plan plan = Plan.fromUpstream(u);
        assertThat(plan.fixedShares()).isFalse();
        assertThat(plan.method()).isEqualTo("ip_hash");
    }

    @Test
    void downAndFailureLimits() {
        Upstream u = only("""
                upstream backend-lb { server 127.0.0.1:5001 down; server 127.0.0.1:5002 max_fails=5 fail_timeout=15s;
                                      server 127.0.0.1:5003 weight=3 max_fails=5 fail_timeout=15s; }                       # 5001 must get nothing
                """);
        Server s1 = u.servers().get(0);
        Server s2 = u.servers().get(1);
        Server s3 = u.servers().get(2);
        assertThat(s1.down()).isTrue();
        assertThat(s2.maxFails()).isEqualTo(5);
        assertThat(s2.failTimeout()).isEqualTo("15s");
        assertThat(s2.limits()).isEqualTo("max_fails=5 fail_timeout=15s");
        assertThat(s3.weight()).isEqualTo(3);
        assertThat(s1.maxFails()).isNull();

        Plan plan = Plan.fromUpstream(u);
        assertThat(plan.backends().get(0).role()).isEqualTo(Backend.Role.DOWN);
        assertThat(plan.backends().get(0).expectsTraffic()).isFalse();
        assertThat(plan.backends().get(2).limits()).isEqualTo("max_fails=5 fail_timeout=15s");
    }

    @Test
    void maxConnsAndQueue() {
        Upstream u = only("upstream backend-lb { server 127.0.0.1:5001 max_conns=10; server 127.0.0.1:5002; "
                + "server 127.0.0.1:5003; queue 20 timeout=60; }");
        assertThat(u.servers().get(0).maxConns()).isEqualTo(10);
        assertThat(u.servers().get(0).limits()).isEqualTo("max_conns=10");
        assertThat(u.settings()).containsEntry("queue", "20 timeout=60");
        assertThat(Plan.fromUpstream(u).settings()).containsEntry("queue", "20 timeout=60");
    }

    @Test
    void backupExpectsNothing() {
        Upstream u = only("upstream b { server 127.0.0.1:5001; server 127.0.0.1:5002; server 127.0.0.1:5003 backup; }");
        assertThat(u.servers().get(2).backup()).isTrue();
        Plan plan = Plan.fromUpstream(u);
        assertThat(plan.backends().get(2).role()).isEqualTo(Backend.Role.BACKUP);
        assertThat(plan.backends()).filteredOn(Backend::expectsTraffic).hasSize(2);
    }

    @Test
    void hashAndRandom() {
        assertThat(only("upstream b { hash $request_uri consistent; server a:1; server b:2; }").method()).isEqualTo(Method.HASH);
        assertThat(only("upstream b { hash $request_uri consistent; server a:1; }").balancing())
                .isEqualTo("hash $request_uri consistent");
        Upstream random = only("upstream b { random; server a:1 weight=3; server b:2; }");
        assertThat(random.method()).isEqualTo(Method.RANDOM);
        assertThat(Plan.fromUpstream(random).fixedShares()).as("plain random picks in proportion to the weights").isTrue();
        Upstream two = only("upstream b { random two least_conn; server a:1; server b:2; }");
        assertThat(two.method()).isEqualTo(Method.RANDOM_TWO);
        assertThat(Plan.fromUpstream(two).fixedShares()).isFalse();
        assertThat(only("upstream b { ip_hash; server a:1; server b:2 backup; }").warnings())
                .anyMatch(w -> w.contains("backup"));
    }

    @Test
    void commentsQuotesAndOtherDirectives() {
        Upstream u = only("""
                # upstream commented { server 10.0.0.1; }
                http {
                    upstream "backend-lb" {   # the pool
                        zone backends 64k;
                        server '127.0.0.1:5001' weight=6;  # lb01; server 1.2.3.4;
                        server 127.0.0.1:5002 weight=2 slow_start=30s;
                        server lb03:80#notacomment weight=2;
                        keepalive 16;
                    }
                    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                    server { location / { set $x "${host}{}"; proxy_pass http://backend-lb; } }
                }
                """);
        assertThat(u.name()).isEqualTo("backend-lb");
        assertThat(u.servers()).extracting(Server::address).containsExactly("127.0.0.1:5001", "127.0.0.1:5002", "lb03:80#notacomment");
        assertThat(u.servers().get(1).other()).containsExactly("slow_start=30s");
        assertThat(u.settings()).containsEntry("zone", "backends 64k").containsEntry("keepalive", "16");
    }

    @Test
    void severalUpstreamsInHttpAndStream() {
        List<Upstream> all = NginxUpstreams.parse("""
                http { upstream web { server 127.0.0.1:5001; } upstream api { least_conn; server 127.0.0.1:6001; } }
                stream { upstream dns { server 127.0.0.1:53; } }
                """, dir);
        assertThat(all).extracting(Upstream::name).containsExactly("web", "api", "dns");
        assertThat(all).extracting(Upstream::context).containsExactly("http", "http", "stream");
    }

    @Test
    void includesWithGlobsRelativeToTheMainFile() throws IOException {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/20-api.conf"), "upstream api { server 127.0.0.1:6001; }\n");
        Files.writeString(dir.resolve("conf.d/10-web.conf"), "upstream web { include upstream-web.servers; }\n");
        Files.writeString(dir.resolve("conf.d/ignored.txt"), "upstream nope { server x; }\n");
        Files.writeString(dir.resolve("upstream-web.servers"), "server 127.0.0.1:5001 weight=6; server 127.0.0.1:5002 weight=2;\n");
        Path main = dir.resolve("nginx.conf");
        Files.writeString(main, "events {}\nhttp {\n    include conf.d/*.conf;\n}\n");
        List<Upstream> all = NginxUpstreams.read(main);
        assertThat(all).extracting(Upstream::name).containsExactly("web", "api");
        assertThat(all.get(0).servers()).extracting(Server::weight).containsExactly(6, 2);
        assertThat(all.get(0).servers().get(0).where()).endsWith("upstream-web.servers:1");
    }

    @Test
    void defaultPortIs80() {
        Upstream u = only("upstream b { server 127.0.0.1; server [::1]; server unix:/run/app.sock; server lb01:8080; }");
        assertThat(u.servers()).extracting(Server::normalizedAddress)
                .containsExactly("127.0.0.1:80", "[::1]:80", "unix:/run/app.sock", "lb01:8080");
        assertThat(u.servers()).extracting(Server::host).containsExactly("127.0.0.1", "[::1]", "unix:/run/app.sock", "lb01");
    }

    @Test
    void whatNginxRejectsIsAnErrorWithFileAndLine() throws IOException {
        assertThatThrownBy(() -> only("upstream b {\n  server a:1 weight=0;\n}"))
                .isInstanceOf(NginxUpstreams.ConfigException.class).hasMessageContaining(":2: invalid parameter \"weight=0\"");
        assertThatThrownBy(() -> only("upstream b { server a:1 wieght=2; }"))
                .hasMessageContaining("invalid parameter \"wieght=2\"");
        assertThatThrownBy(() -> only("upstream b { server a:1 }"))
                .hasMessageContaining("is not terminated by \";\"");
        assertThatThrownBy(() -> only("http { upstream b { server a:1; }"))
                .hasMessageContaining("unexpected end of file, expecting \"}\"");
        assertThatThrownBy(() -> only("upstream b { }")).hasMessageContaining("no servers are inside upstream \"b\"");
        assertThatThrownBy(() -> only("upstream b { server 'a:1; }")).hasMessageContaining("never closed");
        Path loop = dir.resolve("loop.conf");
        Files.writeString(loop, "include loop.conf;\n");
        assertThatThrownBy(() -> NginxUpstreams.read(loop)).hasMessageContaining("nested more than");
        assertThatThrownBy(() -> NginxUpstreams.read(dir.resolve("missing.conf"))).hasMessageContaining("no such file");
    }
}
