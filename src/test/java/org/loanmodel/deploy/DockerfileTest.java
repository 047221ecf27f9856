package org.loanmodel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.deploy.Dockerfile.Instruction;
import org.loanmodel.deploy.Dockerfile.Stage;
import org.loanmodel.testing.Ports;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Tools;

/**
 * Static checks of the Dockerfile (there is no container engine here), plus its HEALTHCHECK
 * command run for real against the service.
 */
class DockerfileTest {
    private static final String ARCHIVE = "/app/loan-model-api.jsa";
    private static final Pattern EXEC_FORM = Pattern.compile("CMD\\s+(\\[.*])\\s*$");

    private final Dockerfile dockerfile = Dockerfile.parse(YamlFiles.text("Dockerfile"));

    @Test
    void buildsWithTheMavenWrapperInAStageOfItsOwn() {
        Stage build = dockerfile.stage("build");

        assertThat(dockerfile.stages()).hasSize(2);
        assertThat(build.all("RUN"))
                .extracting(Instruction::arguments)
                .anyMatch(run -> run.endsWith("./mvnw -B -DskipTests package"));
        assertThat(dockerfile.runtime().image()).contains("-jre-");
    }

    @Test
    void pinsEveryBaseImageToAPatchVersionTag() {
        assertThat(dockerfile.stages())
                .extracting(Stage::image)
                .allSatisfy(image -> assertThat(image)
                        .matches("[a-z0-9./-]+:\\d+\\.\\d+\\.\\d+[\\w.-]*(@sha256:[0-9a-f]{64})?")
                        .doesNotContain(":latest"));
    }

    @Test
    void copiesTheJarMavenBuildsAndRunsItWithServe() {
        String finalName = YamlFiles.text("pom.xml").replaceAll("(?s).*<finalName>([^<]+)</finalName>.*", "$1");
        String workDir = dockerfile.stage("build").last("WORKDIR").orElseThrow().arguments();
        Instruction copy = dockerfile.runtime().all("COPY").stream()
                .filter(instruction -> instruction.arguments().startsWith("--from=build "))
                .findFirst()
                .orElseThrow();
        String[] paths = copy.arguments().substring("--from=build ".length()).split("\\s+");

        assertThat(paths[0]).isEqualTo(workDir + "/target/" + finalName + ".jar");
        assertThat(execForm("ENTRYPOINT")).containsSubsequence("-jar", paths[1]).endsWith(paths[1]);
        assertThat(execForm("CMD")).containsExactly("serve");
    }

    @Test
    void runsAsANumericUnprivilegedUser() {
        String user = dockerfile.runtime().last("USER").orElseThrow().arguments();

        assertThat(user).matches("\\d+(:\\d+)?");
        assertThat(Integer.parseInt(user.split(":")[0])).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void exposesTheApiAndMetricsPortsAndKeepsThePredictionLogOnTheDataVolume() {
        assertThat(dockerfile.runtime().all("EXPOSE"))
                .extracting(Instruction::arguments)
                .containsExactly("5000 8001");
        assertThat(dockerfile.runtime().all("ENV"))
                .extracting(Instruction::arguments)
                .containsExactly("PREDICTION_LOG=/data/predictions.db");
    }

    @Test
    void sizesTheHeapFromTheContainerAndWritesOnlyToTmp() {
        assertThat(execForm("ENTRYPOINT"))
                .startsWith("java")
                .contains(
                        "-XX:InitialRAMPercentage=50",
                        "-XX:MaxRAMPercentage=75",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-Djava.io.tmpdir=/tmp",
                        "-Dorg.sqlite.tmpdir=/tmp");
    }

    @Test
    void healthcheckPassesOnlyWhenHealthAnswers200(@TempDir Path folder) {
        Tools.require("bash", "apt-get install bash");
        List<String> check = healthcheckCommand();

        try (RunningServer server = RunningServer.start(folder)) {
            assertThat(runHealthcheck(check, server.server().apiPort()).exitCode())
                    .isZero();
            // The metrics port accepts the connection but answers 404 for /health.
            assertThat(runHealthcheck(check, server.server().metricsPort()).exitCode())
                    .isNotZero();
        }
        assertThat(runHealthcheck(check, Ports.free()).exitCode()).isNotZero();
    }

    @Test
    void buildsTheClassDataArchiveWithTheCommandTheServiceRunsWith() {
        List<String> entrypoint = execForm("ENTRYPOINT");
        String archiveOption = "-XX:SharedArchiveFile=" + ARCHIVE;
        List<String> runs = new ArrayList<>(entrypoint);
        assertThat(runs.remove(archiveOption)).as("ENTRYPOINT maps the archive").isTrue();

        String run = dockerfile.runtime().all("RUN").stream()
                .map(Instruction::arguments)
                .filter(arguments -> arguments.contains("cds-archive.sh"))
                .findFirst()
                .orElseThrow();
        String prefix = "bash /tmp/cds-archive.sh " + ARCHIVE + " ";
        assertThat(run).startsWith(prefix);
        String archived = run.substring(prefix.length(), run.indexOf(" && "));
        assertThat(archived.trim().split("\\s+")).containsExactlyElementsOf(runs);
        assertThat(dockerfile.runtime().all("COPY"))
                .extracting(Instruction::arguments)
                .contains("deploy/cds-archive.sh /tmp/cds-archive.sh");
    }

    @Test
    void archiveScriptMakesAnArchiveTheServiceStartsFrom(@TempDir Path folder) throws IOException {
        Path archive = folder.resolve("app.jsa");
        // AppCDS archives classes from jars only: package the compiled classes as the jar would.
        List<String> classpath = new ArrayList<>();
        classpath.add(jar(Tools.projectDir().resolve("target/classes"), folder.resolve("app.jar"))
                .toString());
        Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .forEach(classpath::add);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> javaCommand =
                List.of(java, "-cp", String.join(File.pathSeparator, classpath), "org.loanmodel.Main");

        List<String> script = new ArrayList<>(List.of("bash", "deploy/cds-archive.sh", archive.toString()));
        script.addAll(javaCommand);
        Command made = Command.run(
                Tools.projectDir(),
                Duration.ofSeconds(60),
                // The warm-up runs as in the image build, bounded so that a busy machine cannot stretch it.
                Map.of(
                        "CDS_PORT",
                        Integer.toString(Ports.free()),
                        "CDS_METRICS_PORT",
                        Integer.toString(Ports.free()),
                        "WARM_UP_LIMIT",
                        "5s"),
                script);
        assertThat(made.exitCode()).as(made.output()).isZero();
        assertThat(made.output()).startsWith("AppCDS archive " + archive + ": ");
        assertThat(Files.size(archive)).isGreaterThan(1 << 20);

        List<String> start = new ArrayList<>(javaCommand);
        start.add(1, "-XX:SharedArchiveFile=" + archive);
        start.add(2, "-Xlog:class+load");
        start.add("--version");
        Command started = Command.run(Tools.projectDir(), Duration.ofSeconds(30), start.toArray(String[]::new));
        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(started.output())
                .contains("org.loanmodel.Main source: shared objects file (top)")
                .contains("org.loanmodel.LoanModelServer source: shared objects file (top)");
    }

    @Test
    void archiveScriptFailsWithTheServicesOwnWordsWhenItCannotStart(@TempDir Path folder) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path archive = folder.resolve("app.jsa");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Command made = Command.run(
                    Tools.projectDir(),
                    Duration.ofSeconds(30),
                    Map.of("CDS_PORT", Integer.toString(port), "CDS_METRICS_PORT", Integer.toString(Ports.free())),
                    List.of(
                            "bash",
                            "deploy/cds-archive.sh",
                            archive.toString(),
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            "org.loanmodel.Main"));
            assertThat(made.exitCode()).isEqualTo(1);
            assertThat(made.output())
                    .contains("error: the service exited before it answered; the service said:\n")
                    .contains("error: port " + port + " already in use (set --port or PORT)");
        }
        assertThat(archive).doesNotExist();
    }

    private static Path jar(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void dockerignoreSendsOnlyTheWrapperThePomAndTheSources() {
        List<String> rules = YamlFiles.text(".dockerignore")
                .lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .toList();

        assertThat(rules).containsExactly("*", "!mvnw", "!pom.xml", "!.mvn/", "!src/", "!deploy/cds-archive.sh");
        List<String> copied = new ArrayList<>();
        dockerfile
                .stage("build")
                .all("COPY")
                .forEach(copy -> copied.addAll(List.of(copy.arguments().split("\\s+"))));
        assertThat(copied).contains("mvnw", "pom.xml", ".mvn/", "src/");
    }

    private List<String> healthcheckCommand() {
        String healthcheck =
                dockerfile.runtime().last("HEALTHCHECK").orElseThrow().arguments();
        Matcher matcher = EXEC_FORM.matcher(healthcheck);
        assertThat(matcher.find())
                .as("HEALTHCHECK in exec form: " + healthcheck)
                .isTrue();
        assertThat(healthcheck).contains("--timeout=");
        return jsonArray(matcher.group(1));
    }

    private List<String> execForm(String keyword) {
        return jsonArray(dockerfile.runtime().last(keyword).orElseThrow().arguments());
    }

    private static List<String> jsonArray(String json) {
        try {
            return List.of(new ObjectMapper().readValue(json, String[].class));
        } catch (java.io.IOException e) {
            throw new AssertionError("not a JSON array of strings: " + json, e);
        }
    }

    private static Command runHealthcheck(List<String> check, int port) {
        return Command.run(Tools.projectDir(), Duration.ofSeconds(10), Map.of("PORT", Integer.toString(port)), check);
    }
}
