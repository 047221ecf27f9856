package org.loanmodel.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Dockerfile read into its build stages and instructions, enough for static checks: line
 * continuations joined, comments dropped, each {@code FROM} opening a stage.
 */
final class Dockerfile {
    /** One instruction, e.g. keyword {@code COPY}, arguments {@code --from=build /a /b}. */
    record Instruction(String keyword, String arguments) {}

    /**
     * One build stage.
     *
     * @param image the base image reference of its {@code FROM}
     * @param name its {@code AS} name, or empty
     * @param instructions the instructions after its {@code FROM}
     */
    record Stage(String image, String name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream()
                    .filter(instruction -> instruction.keyword().equals(keyword))
                    .toList();
        }

        /** The last instruction with this keyword: the one that takes effect. */
        Optional<Instruction> last(String keyword) {
            List<Instruction> matching = all(keyword);
            return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
        }
    }

    private final List<Stage> stages;

    private Dockerfile(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    static Dockerfile parse(String text) {
        List<Stage> stages = new ArrayList<>();
        for (String line : logicalLines(text)) {
            String[] parts = line.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String arguments = parts.length > 1 ? parts[1].trim() : "";
            if (keyword.equals("FROM")) {
                String[] from = arguments.split("\\s+");
                String name = from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2] : "";
                stages.add(new Stage(from[0], name, new ArrayList<>()));
            } else if (stages.isEmpty()) {
                throw new IllegalArgumentException("instruction before the first FROM: " + line);
            } else {
                stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
            }
        }
        return new Dockerfile(stages);
    }

    private static List<String> logicalLines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            lines.add(current.toString().strip());
            current.setLength(0);
        }
        return lines;
    }

    List<Stage> stages() {
        return stages;
    }

    /** The stage the image is made of. */
    Stage runtime() {
        return stages.get(stages.size() - 1);
    }

    Stage stage(String name) {
        return stages.stream()
                .filter(stage -> stage.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no stage named " + name));
    }
}
