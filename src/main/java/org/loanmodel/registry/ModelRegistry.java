package org.loanmodel.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.loanmodel.model.LoanModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The known models and their roles. Requests read {@link #current()} once and keep it; a role
 * change writes the new roles to the model directory first, then swaps the served set in one step,
 * so every request is scored entirely by the old set or entirely by the new one.
 *
 * <p>Rules: there is always exactly one champion; promoting a model retires the old champion and
 * remembers it for {@link #rollback()}; the champion cannot be retired or made a challenger except by
 * promoting another model; every model must read the champion's features.
 */
public final class ModelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final ModelDirectory directory;
    private final Map<String, LoanModel> known = new LinkedHashMap<>();
    private final List<Consumer<ServingModels>> listeners = new ArrayList<>();
    private List<String> previousChampions;
    private volatile ServingModels current;

    /** One known model and its role, as the administrative API lists it. */
    public record Entry(LoanModel model, ModelRole role) {}

    /**
     * What {@link #add} did: the model as the registry knows it and its role, and whether it was
     * new. A known version is not replaced: its decisions came from the artifact first given.
     */
    public record Added(Entry entry, boolean created) {}

    private ModelRegistry(ModelDirectory directory, ServingModels start, List<String> previousChampions) {
        this.directory = directory;
        this.current = start;
        this.previousChampions = new ArrayList<>(previousChampions);
    }

    /**
     * Opens the registry: the roles stored in the directory when there are any (a restart keeps what
     * the administrative API set), else the models given at start. Nothing is written until a role
     * changes, so a service never administered keeps serving what it is started with.
     *
     * @throws IllegalArgumentException when the stored roles name a model the directory lacks
     */
    public static ModelRegistry open(ModelDirectory directory, LoanModel champion, List<LoanModel> challengers) {
        Map<String, LoanModel> found = new LinkedHashMap<>();
        for (LoanModel model : directory.models()) {
            found.put(model.version(), model);
        }
        var stored = directory.roles();
        if (stored.isPresent()) {
            ModelDirectory.Roles roles = stored.get();
            ServingModels start = new ServingModels(
                    require(found, roles.champion(), directory),
                    roles.challengers().stream()
                            .map(v -> require(found, v, directory))
                            .toList());
            ModelRegistry registry = new ModelRegistry(directory, start, roles.previousChampions());
            registry.known.putAll(found);
            if (!champion.version().equals(roles.champion())) {
                LOG.warn(
                        "model directory {} names champion {}, set by the administrative API; the model given at"
                                + " start ({}) is not served (delete {} to start from the given models)",
                        directory.folder(),
                        roles.champion(),
                        champion.version(),
                        directory.folder().resolve(ModelDirectory.ROLES));
            }
            return registry;
        }
        ServingModels start = new ServingModels(champion, challengers);
        ModelRegistry registry = new ModelRegistry(directory, start, List.of());
        registry.known.putAll(found);
        registry.known.putIfAbsent(champion.version(), champion);
        challengers.forEach(challenger -> registry.known.putIfAbsent(challenger.version(), challenger));
        return registry;
    }

    private static LoanModel require(Map<String, LoanModel> found, String version, ModelDirectory directory) {
        LoanModel model = found.get(version);
        if (model == null) {
            throw new IllegalArgumentException("model directory " + directory.folder() + " names model " + version
                    + " in " + ModelDirectory.ROLES + " but has no " + version + ".json (restore it, or delete "
                    + ModelDirectory.ROLES + " to start from --model)");
        }
        return model;
    }

    /** The models that score requests now. */
    public ServingModels current() {
        return current;
    }

    /** Calls {@code listener} with the served set now and after every change. */
    public synchronized void onChange(Consumer<ServingModels> listener) {
        listeners.add(listener);
        listener.accept(current);
    }

    /** Every known model with its role: champion first, then challengers, then retired. */
    public synchronized List<Entry> list() {
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(current.champion(), ModelRole.CHAMPION));
        current.challengers().forEach(model -> entries.add(new Entry(model, ModelRole.CHALLENGER)));
        known.values().stream()
                .filter(model -> role(model.version()) == ModelRole.RETIRED)
                .forEach(model -> entries.add(new Entry(model, ModelRole.RETIRED)));
        return entries;
    }

    /** Adds a model (retired until given a role); adding a known version changes nothing. */
    public synchronized Added add(LoanModel model) {
        requireSameFeatures(model);
        boolean created = remember(model);
        return new Added(new Entry(known.get(model.version()), role(model.version())), created);
    }

    /**
     * Gives a known model a role.
     *
     * @throws UnknownModelException when no model has this version
     * @throws RoleChangeException when the change would leave no champion
     */
    public synchronized ServingModels assign(String version, ModelRole role) {
        LoanModel model = known(version);
        ModelRole now = role(version);
        if (now == role) {
            return current;
        }
        if (now == ModelRole.CHAMPION) {
            throw new RoleChangeException("model " + version + " is the champion; promote another model to champion"
                    + " first, or roll back");
        }
        List<LoanModel> challengers = new ArrayList<>(current.challengers());
        challengers.removeIf(c -> c.version().equals(version));
        return switch (role) {
            case CHAMPION -> {
                List<String> history = new ArrayList<>(previousChampions);
                history.add(current.champion().version());
                yield change(new ServingModels(model, challengers), history);
            }
            case CHALLENGER -> {
                challengers.add(model);
                yield change(new ServingModels(current.champion(), challengers), previousChampions);
            }
            case RETIRED -> change(new ServingModels(current.champion(), challengers), previousChampions);
        };
    }

    /**
     * Makes the previous champion the champion again; the current one is retired.
     *
     * @throws RoleChangeException when there was no earlier champion
     */
    public synchronized ServingModels rollback() {
        if (previousChampions.isEmpty()) {
            throw new RoleChangeException("there is no earlier champion to roll back to");
        }
        List<String> history = new ArrayList<>(previousChampions);
        LoanModel previous = known(history.remove(history.size() - 1));
        List<LoanModel> challengers = new ArrayList<>(current.challengers());
        challengers.removeIf(c -> c.version().equals(previous.version()));
        return change(new ServingModels(previous, challengers), history);
    }

    private ServingModels change(ServingModels next, List<String> history) {
        // Every model the roles name is on disk before the roles are.
        directory.save(next.champion());
        next.challengers().forEach(directory::save);
        history.forEach(version -> directory.save(known(version)));
        directory.writeRoles(new ModelDirectory.Roles(
                next.champion().version(),
                next.challengers().stream().map(LoanModel::version).toList(),
                history));
        previousChampions = new ArrayList<>(history);
        current = next;
        LOG.info(
                "models now: champion {}, challengers {}",
                next.champion().version(),
                next.challengers().stream().map(LoanModel::version).toList());
        listeners.forEach(listener -> listener.accept(next));
        return next;
    }

    /** Keeps a new model: on disk first, so that one the directory refused is not known either. */
    private boolean remember(LoanModel model) {
        if (known.containsKey(model.version())) {
            return false;
        }
        directory.save(model);
        known.put(model.version(), model);
        return true;
    }

    private LoanModel known(String version) {
        LoanModel model = known.get(version);
        if (model == null) {
            throw new UnknownModelException(version, known.keySet());
        }
        return model;
    }

    private void requireSameFeatures(LoanModel model) {
        if (!model.schema().equals(current.champion().schema())) {
            throw new RoleChangeException("model " + model.version() + " reads "
                    + model.schema().names()
                    + " but the champion reads " + current.champion().schema().names()
                    + "; every served model must read the same features");
        }
    }

    /** The role of a known version now. */
    public synchronized ModelRole role(String version) {
        if (current.champion().version().equals(version)) {
            return ModelRole.CHAMPION;
        }
        for (LoanModel challenger : current.challengers()) {
            if (challenger.version().equals(version)) {
                return ModelRole.CHALLENGER;
            }
        }
        return ModelRole.RETIRED;
    }
}
