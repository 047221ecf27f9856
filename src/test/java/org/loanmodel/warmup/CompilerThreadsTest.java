package org.loanmodel.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiler threads' CPU time from a process's thread folder laid out as Linux lays out /proc. */
class CompilerThreadsTest {
    @TempDir
    Path tasks;

    private final AtomicLong nanos = new AtomicLong();

    /** Writes the stat line of thread {@code id} as the kernel does, with its utime and stime in ticks. */
    private void thread(String id, String name, long utime, long stime) throws IOException {
        Path folder = Files.createDirectories(tasks.resolve(id));
        Files.writeString(
                folder.resolve("stat"),
                id + " (" + name + ") S 1 1 1 0 -1 4194368 7 0 0 0 " + utime + " " + stime
                        + " 0 0 20 0 30 0 1234 0 0\n");
    }

    private void end(String id) throws IOException {
        Files.delete(tasks.resolve(id).resolve("stat"));
        Files.delete(tasks.resolve(id));
    }

    private void step(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void countsTheCompilerThreadsAlone() throws IOException {
        thread("100", "java", 500, 50);
        thread("101", "C2 CompilerThre", 30, 2);
        thread("102", "C1 CompilerThre", 7, 1);
        thread("103", "warm-up-client-", 900, 90);
        // A name with a space and a parenthesis, as a thread may have.
        thread("104", "a (b) c", 40, 4);

        assertThat(new CompilerThreads(tasks, nanos::get).millis()).isEqualTo((30 + 2 + 7 + 1) * 10);
    }

    @Test
    void followsTheKnownCompilerThreadsAtEveryReading() throws IOException {
        thread("101", "C2 CompilerThre", 30, 2);
        CompilerThreads threads = new CompilerThreads(tasks, nanos::get);
        assertThat(threads.millis()).isEqualTo(320);

        thread("101", "C2 CompilerThre", 45, 5);
        step(Duration.ofMillis(100));
        assertThat(threads.millis()).isEqualTo(500);
    }

    @Test
    void findsACompilerThreadStartedLaterAtTheNextListing() throws IOException {
        thread("101", "C2 CompilerThre", 30, 0);
        CompilerThreads threads = new CompilerThreads(tasks, nanos::get);
        assertThat(threads.millis()).isEqualTo(300);

        thread("105", "C2 CompilerThre", 12, 0);
        step(CompilerThreads.RELIST.minusMillis(1));
        assertThat(threads.millis()).as("not listed again yet").isEqualTo(300);
        step(Duration.ofMillis(1));
        assertThat(threads.millis()).isEqualTo(420);
    }

    @Test
    void aCompilerThreadThatEndedKeepsItsTime() throws IOException {
        thread("101", "C2 CompilerThre", 30, 0);
        thread("105", "C2 CompilerThre", 12, 0);
        CompilerThreads threads = new CompilerThreads(tasks, nanos::get);
        assertThat(threads.millis()).isEqualTo(420);

        end("105");
        thread("101", "C2 CompilerThre", 31, 0);
        step(Duration.ofMillis(100));
        assertThat(threads.millis()).isEqualTo(430);
    }

    @Test
    void anIdThatComesBackAsACompilerThreadIsCountedOnceListedAgain() throws IOException {
        thread("107", "vert.x-eventloo", 80, 0);
        CompilerThreads threads = new CompilerThreads(tasks, nanos::get);
        assertThat(threads.millis()).isZero();

        end("107");
        step(CompilerThreads.RELIST);
        assertThat(threads.millis()).isZero();
        thread("107", "C1 CompilerThre", 3, 0);
        step(CompilerThreads.RELIST);
        assertThat(threads.millis()).isEqualTo(30);
    }

    @Test
    void aFolderThatCannotBeReadTellsNothing() {
        assertThat(new CompilerThreads(tasks.resolve("missing"), nanos::get).millis())
                .isZero();
    }
}
