package org.loanmodel.ledger;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The commands waiting for the {@link BatchingWriter}'s thread, bounded and counted in decisions:
 * an append weighs as many decisions as it carries (one for {@code /predict}, every row for a
 * batch), any other command one. A command is admitted whole or not at all, so a batch is never
 * split between the log and a refusal. Many threads offer; only the writer thread takes.
 */
final class WriterQueue {
    private final LinkedBlockingQueue<WriterCommand> commands = new LinkedBlockingQueue<>();
    private final AtomicInteger weight = new AtomicInteger();
    private final int capacity;

    WriterQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Queues the command if its whole weight fits; false, queueing nothing, when it does not. */
    boolean offer(WriterCommand command) {
        int adding = command.weight();
        if (weight.addAndGet(adding) > capacity) {
            weight.addAndGet(-adding);
            return false;
        }
        commands.add(command);
        return true;
    }

    /** The next command, waiting up to {@code timeout}; {@code null} when none came. */
    WriterCommand poll(long timeout, TimeUnit unit) throws InterruptedException {
        return taken(commands.poll(timeout, unit));
    }

    /**
     * Moves commands into {@code batch} in arrival order while their weight stays within {@code
     * maxWeight}; the first that does not fit stays queued, to head the next batch (which {@link
     * #poll} takes whatever its weight: a request's decisions are never split).
     */
    void drainTo(List<WriterCommand> batch, int maxWeight) {
        int left = maxWeight;
        WriterCommand next;
        while ((next = commands.peek()) != null && next.weight() <= left) {
            batch.add(taken(commands.poll()));
            left -= next.weight();
        }
    }

    /** Moves every queued command into {@code batch}. */
    void drainAll(List<WriterCommand> batch) {
        WriterCommand next;
        while ((next = commands.poll()) != null) {
            batch.add(taken(next));
        }
    }

    private WriterCommand taken(WriterCommand command) {
        if (command != null) {
            weight.addAndGet(-command.weight());
        }
        return command;
    }

    /** Decisions (and other commands) waiting. */
    int weight() {
        return weight.get();
    }

    boolean isEmpty() {
        return commands.isEmpty();
    }

    int capacity() {
        return capacity;
    }
}
