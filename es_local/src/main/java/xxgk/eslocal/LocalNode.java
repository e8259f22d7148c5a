package xxgk.eslocal;

import org.apache.logging.log4j.LogManager;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.logging.log4j.Logger;
import org.elasticsearch.Build;
import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkRequestBuilder;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.action.delete.DeleteRequest;
import org.elasticsearch.action.index.IndexRequest;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.Strings;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.index.query.AbstractQueryBuilder;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.rest.RestChannel;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.sort.SortOrder;
import org.elasticsearch.threadpool.ThreadPool;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Starts a single local Elasticsearch node inside this JVM, from the server jars on the classpath.
 *
 * <p>The layout is the one {@code mvn -f es_local/pom.xml package} produces:
 * <pre>
 *   es_local/target/es-local.jar                      this class
 *   es_local/target/lib/*.jar                         the server and its libraries (the classpath)
 *   es_local/target/modules/transport-netty4/*.jar    the HTTP/transport module, loaded by the server's own
 *                                                     plugin loader like in a distribution
 *   es_local/target/modules/xxgk-analysis/*.jar       {@link AnalysisStandIn}, split off by the pom
 * </pre>
 * {@code es_local/target} serves as {@code path.home}; data and logs default to {@code .es-local/} in the
 * repository root. Settings can be added or overridden with {@code -Ekey=value} arguments, as with the
 * official {@code bin/elasticsearch}.
 *
 * <p>Some features of the official distribution live in modules that are not published on Maven Central;
 * this class supplies small stand-ins for them (our own code):
 * <ul>
 *   <li>{@code GET /} and {@code HEAD /} (module rest-root): node name, cluster name and UUID, version.</li>
 *   <li>{@code POST /{index}/_delete_by_query} and {@code POST /{index}/_update_by_query} (module reindex):
 *       synchronous, scroll + bulk with optimistic concurrency; no scripts, slices or throttling.</li>
 *   <li>The {@code whitespace} and {@code keyword} tokenizers and the {@code cjk_width}, {@code asciifolding} and
 *       {@code trim} token filters for custom analyzers and normalizers (module analysis-common).</li>
 * </ul>
 * Not available at all: scripting (lang-painless), the other analysis-common components, mapper-extras field
 * types, parent-join, percolator, ingest processors, x-pack features.
 */
public final class LocalNode {

    private static final String NETTY_MODULE = "transport-netty4";
    private static final String ANALYSIS_MODULE = "xxgk-analysis";

    private LocalNode() {}

    public static void main(String[] args) {
        // Before anything touches log4j: keep logging alive while our shutdown hook closes the node.
        System.setProperty("log4j.shutdownHookEnabled", "false");
        System.setProperty("log4j2.disable.jmx", "true");
        Node node;
        try {
            Path home = homeDir();
            Path state = stateDir(home);
            prepareNativeLibraries(state);
            Settings settings = settings(home, state, args);
            Path config = state.resolve("config");
            writeLogConfig(config);
            Files.createDirectories(Path.of(settings.get("path.logs")));
            prepareNettyDescriptor(home.resolve("modules").resolve(NETTY_MODULE));
            writeAnalysisDescriptor(home.resolve("modules").resolve(ANALYSIS_MODULE));
            Environment env = new Environment(settings, config);
            LogConfigurator.registerErrorListener();
            LogConfigurator.setClusterName(settings.get("cluster.name"));
            LogConfigurator.setNodeName(settings.get("node.name"));
            LogConfigurator.configure(env, true);
            PluginsLoader loader = PluginsLoader.createPluginsLoader(
                PluginsLoader.loadModulesBundles(env.modulesDir()),
                Set.of(),
                Map.of(),
                false // no qualified exports: the server is not a named module on a plain classpath
            );
            node = new Node(env, loader);
            registerStandIns(node);
            node.start();
        } catch (Throwable t) {
            t.printStackTrace();
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            // last line of the log, where `xxgk es start` shows it
            System.err.println("xxgk LocalNode: failed to start Elasticsearch: " + t
                + (root != t ? " (cause: " + root + ")" : ""));
            System.err.flush();
            Runtime.getRuntime().halt(1);
            return;
        }

        CountDownLatch closed = new CountDownLatch(1);
        Node started = node;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.prepareForClose();
                started.close();
                started.awaitClose(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "xxgk-local-shutdown"));
        Logger logger = LogManager.getLogger(LocalNode.class);
        logger.info("xxgk local node started: Elasticsearch {} on http://{}:{}",
            Build.current().version(), started.settings().get("network.host"), started.settings().get("http.port"));
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code path.home}: the folder that holds {@code lib/} and {@code modules/} (es_local/target). */
    private static Path homeDir() throws Exception {
        String override = System.getProperty("xxgk.es.home");
        if (override != null && override.isBlank() == false) {
            return Path.of(override).toAbsolutePath().normalize();
        }
        // es_local/target/es-local.jar or es_local/target/classes -> es_local/target
        Path self = Path.of(LocalNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return self.toAbsolutePath().getParent().normalize();
    }

    /**
     * The distribution ships libzstd and libvec in lib/platform/; Maven Central does not. On JDK 21+ the server
     * loads them from {@code es.nativelibs.path} (on 17 JNA finds the system's libzstd), and without zstd indices
     * with {@code index.codec: best_compression} fail. So: no native vector library (Java code is used instead),
     * and the system's libzstd (Debian: libzstd1) linked where the server looks for it.
     */
    private static void prepareNativeLibraries(Path state) throws IOException {
        if (System.getProperty("org.elasticsearch.nativeaccess.enableVectorLibrary") == null) {
            System.setProperty("org.elasticsearch.nativeaccess.enableVectorLibrary", "false");
        }
        if (System.getProperty("es.nativelibs.path") != null) {
            return;
        }
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        for (String candidate : List.of(
            "/usr/lib/" + arch + "-linux-gnu/libzstd.so.1", "/lib/" + arch + "-linux-gnu/libzstd.so.1",
            "/usr/lib64/libzstd.so.1", "/usr/lib/libzstd.so.1")) {
            Path lib = Path.of(candidate);
            if (Files.exists(lib)) {
                Path dir = Files.createDirectories(state.resolve("native"));
                Path link = dir.resolve(System.mapLibraryName("zstd"));
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, lib.toRealPath());
                System.setProperty("es.nativelibs.path", dir.toString());
                return;
            }
        }
    }

    /** Data, logs and config: $XXGK_ES_LOCAL_STATE, else .es-local/ in the repository root. */
    private static Path stateDir(Path home) {
        String env = System.getenv("XXGK_ES_LOCAL_STATE");
        return env != null && env.isBlank() == false
            ? Path.of(env).toAbsolutePath().normalize()
            : home.resolve("../../.es-local").normalize();
    }

    private static Settings settings(Path home, Path state, String[] args) {
        String port = System.getenv("XXGK_ES_PORT");

        Settings.Builder b = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", state.resolve("data").toString())
            .put("path.logs", state.resolve("logs").toString())
            .put("cluster.name", "xxgk-local")
            .put("node.name", "xxgk-local-1")
            .put("network.host", "127.0.0.1")
            .put("http.port", port != null && port.isBlank() == false ? port.trim() : "9200")
            .put("transport.port", "9300-9399")
            .put("discovery.type", "single-node")
            // small development disks: never block writes or refuse to allocate shards because of free space
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.destructive_requires_name", true);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-E") && i + 1 < args.length) {
                a = "-E" + args[++i];
            }
            if (a.startsWith("-E") == false || a.indexOf('=') < 0) {
                throw new IllegalArgumentException("unknown argument [" + a + "]; expected -Ekey=value");
            }
            int eq = a.indexOf('=');
            b.put(a.substring(2, eq), a.substring(eq + 1));
        }
        return b.build();
    }

    /** Log to the console only (the Python manager sends it to .es-local/logs/node.out). */
    private static void writeLogConfig(Path config) throws IOException {
        Files.createDirectories(config);
        Files.writeString(config.resolve("log4j2.properties"), String.join("\n",
            "# written by xxgk.eslocal.LocalNode on every start",
            "status = error",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%consoleException%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.console.ref = console",
            ""));
    }

    /**
     * The module jars carry their descriptor under META-INF/es-plugins/NAME/. Copy it next to the jars,
     * without {@code modulename}: on a plain classpath the server is not a named Java module, so modules are
     * loaded the classic (non-modular) way.
     */
    private static void prepareNettyDescriptor(Path dir) throws IOException {
        if (Files.isDirectory(dir) == false) {
            throw new IllegalStateException("missing " + dir + "; build it with: mvn -q -f es_local/pom.xml package");
        }
        Path descriptor = dir.resolve("plugin-descriptor.properties");
        if (Files.exists(descriptor)) {
            return;
        }
        try (var jars = Files.newDirectoryStream(dir, NETTY_MODULE + "-*.jar")) {
            for (Path jar : jars) {
                try (JarFile jf = new JarFile(jar.toFile())) {
                    ZipEntry e = jf.getEntry("META-INF/es-plugins/" + NETTY_MODULE + "/plugin-descriptor.properties");
                    if (e == null) {
                        continue;
                    }
                    Properties p = new Properties();
                    try (InputStream in = jf.getInputStream(e)) {
                        p.load(in);
                    }
                    p.remove("modulename");
                    try (OutputStream out = Files.newOutputStream(descriptor)) {
                        p.store(out, "written by xxgk.eslocal.LocalNode");
                    }
                    return;
                }
            }
        }
        throw new IllegalStateException("no plugin descriptor found in " + dir);
    }

    /** The descriptor of our own analysis module (its jar is made by the pom from {@link AnalysisStandIn}). */
    private static void writeAnalysisDescriptor(Path dir) throws IOException {
        if (Files.isDirectory(dir) == false) {
            throw new IllegalStateException("missing " + dir + "; build it with: mvn -q -f es_local/pom.xml package");
        }
        Properties p = new Properties();
        p.setProperty("name", ANALYSIS_MODULE);
        p.setProperty("description", "xxgk stand-ins for a few analysis-common tokenizers and token filters");
        p.setProperty("version", "1");
        // a name, not a class literal: that class is in the module's jar, not on our classpath
        p.setProperty("classname", "xxgk.eslocal.LocalNode$AnalysisStandIn");
        p.setProperty("java.version", "17");
        p.setProperty("elasticsearch.version", Build.current().version());
        try (OutputStream out = Files.newOutputStream(dir.resolve("plugin-descriptor.properties"))) {
            p.store(out, "written by xxgk.eslocal.LocalNode");
        }
    }

    // ---------------------------------------------------------------- stand-ins for unpublished modules

    private static void registerStandIns(Node node) {
        RestController rc = node.injector().getInstance(RestController.class);
        ClusterService clusterService = node.injector().getInstance(ClusterService.class);
        ThreadPool threadPool = node.injector().getInstance(ThreadPool.class);

        RestHandler main = (request, channel, client) -> {
            ClusterState cs = clusterService.state();
            Build build = Build.current();
            XContentBuilder x = channel.newBuilder();
            x.startObject();
            x.field("name", clusterService.getNodeName());
            x.field("cluster_name", cs.getClusterName().value());
            x.field("cluster_uuid", cs.metadata().clusterUUID());
            x.startObject("version")
                .field("number", build.qualifiedVersion())
                .field("build_flavor", build.flavor())
                .field("build_type", build.type().displayName())
                .field("build_hash", build.hash())
                .field("build_date", build.date())
                .field("build_snapshot", build.isSnapshot())
                .field("lucene_version", IndexVersion.current().luceneVersion().toString())
                .field("minimum_wire_compatibility_version", build.minWireCompatVersion())
                .field("minimum_index_compatibility_version", build.minIndexCompatVersion())
                .endObject();
            x.field("tagline", "You Know, for Search");
            x.endObject();
            channel.sendResponse(new RestResponse(RestStatus.OK, x));
        };
        rc.registerHandler(new RestHandler.Route(RestRequest.Method.GET, "/"), main);
        rc.registerHandler(new RestHandler.Route(RestRequest.Method.HEAD, "/"), main); // body dropped by the server

        RestHandler deleteByQuery = (request, channel, client) -> byQuery(false, request, channel, client, threadPool);
        RestHandler updateByQuery = (request, channel, client) -> byQuery(true, request, channel, client, threadPool);
        rc.registerHandler(new RestHandler.Route(RestRequest.Method.POST, "/{index}/_delete_by_query"), deleteByQuery);
        rc.registerHandler(new RestHandler.Route(RestRequest.Method.POST, "/{index}/_update_by_query"), updateByQuery);
    }

    /** Options and query of a _delete_by_query / _update_by_query request. */
    private record ByQuery(String[] indices, QueryBuilder query, long maxDocs, boolean proceedOnConflicts,
                           int batchSize, boolean refresh) {}

    private static final Set<String> BY_QUERY_PARAMS = Set.of("index", "refresh", "conflicts", "max_docs",
        "scroll_size", "wait_for_completion", "slices", "pretty", "human", "error_trace", "filter_path");

    private static void byQuery(boolean update, RestRequest request, RestChannel channel, NodeClient client,
                                ThreadPool threadPool) throws IOException {
        for (String param : request.params().keySet()) {
            if (BY_QUERY_PARAMS.contains(param) == false) {
                // e.g. q=...: ignoring it would silently widen a delete to every document
                throw new IllegalArgumentException("parameter [" + param + "] is not supported by this local node's "
                    + "by-query stand-in (supported: " + new TreeSet<>(BY_QUERY_PARAMS) + ")");
            }
        }
        String[] indices = Strings.splitStringByCommaToArray(request.param("index"));
        QueryBuilder query = QueryBuilders.matchAllQuery();
        long maxDocs = request.paramAsLong("max_docs", -1);
        String conflicts = request.param("conflicts", "abort");
        int batchSize = request.paramAsInt("scroll_size", 1000);
        boolean refresh = request.paramAsBoolean("refresh", false);
        boolean oneSlice = "auto".equals(request.param("slices")) || request.paramAsInt("slices", 1) == 1;
        if (request.paramAsBoolean("wait_for_completion", true) == false || oneSlice == false) {
            throw new IllegalArgumentException(
                "this local node runs _delete_by_query/_update_by_query synchronously, in one slice");
        }
        if (request.hasContent()) {
            try (XContentParser p = request.contentParser()) {
                p.nextToken();
                while (p.nextToken() == XContentParser.Token.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "query" -> query = AbstractQueryBuilder.parseTopLevelQuery(p);
                        case "max_docs", "size" -> maxDocs = p.longValue();
                        case "conflicts" -> conflicts = p.text();
                        default -> throw new IllegalArgumentException(
                            "[" + field + "] is not supported by this local node's by-query stand-in");
                    }
                }
            }
        }
        if (conflicts.equals("abort") == false && conflicts.equals("proceed") == false) {
            throw new IllegalArgumentException(
                "conflicts may only be \"proceed\" or \"abort\" but was [" + conflicts + "]");
        }
        ByQuery q = new ByQuery(indices, query, maxDocs, conflicts.equals("proceed"), batchSize, refresh);
        threadPool.generic().execute(threadPool.getThreadContext().preserveContext(() -> {
            try {
                runByQuery(update, q, channel, client);
            } catch (Exception e) {
                try {
                    channel.sendResponse(new RestResponse(channel, e));
                } catch (IOException inner) {
                    e.addSuppressed(inner);
                    LogManager.getLogger(LocalNode.class).warn("failed to send by-query failure", e);
                }
            }
        }));
    }

    private static void runByQuery(boolean update, ByQuery q, RestChannel channel, NodeClient client)
        throws IOException {
        long start = System.nanoTime();
        long total = 0, done = 0, noops = 0, conflicts = 0, batches = 0;
        List<Map<String, Object>> failures = new ArrayList<>();
        TimeValue keepAlive = TimeValue.timeValueMinutes(5);
        SearchResponse resp = client.prepareSearch(q.indices())
            .setQuery(q.query())
            .setScroll(keepAlive)
            .setSize(q.batchSize())
            .addSort("_doc", SortOrder.ASC)
            .seqNoAndPrimaryTerm(true)
            .setFetchSource(update)
            .get();
        String scrollId = null;
        try {
            boolean stop = false;
            while (stop == false) {
                scrollId = resp.getScrollId();
                SearchHit[] hits = resp.getHits().getHits();
                if (batches == 0 && resp.getHits().getTotalHits() != null) {
                    total = resp.getHits().getTotalHits().value;
                }
                if (hits.length == 0) {
                    break;
                }
                BulkRequestBuilder bulk = client.prepareBulk();
                for (SearchHit hit : hits) {
                    if (q.maxDocs() >= 0 && bulk.numberOfActions() + done + conflicts >= q.maxDocs()) {
                        stop = true;
                        break;
                    }
                    DocumentField routing = hit.field("_routing");
                    if (update) {
                        IndexRequest r = new IndexRequest(hit.getIndex()).id(hit.getId()).source(hit.getSourceAsMap())
                            .setIfSeqNo(hit.getSeqNo()).setIfPrimaryTerm(hit.getPrimaryTerm());
                        bulk.add(routing == null ? r : r.routing(routing.getValue()));
                    } else {
                        DeleteRequest r = new DeleteRequest(hit.getIndex(), hit.getId())
                            .setIfSeqNo(hit.getSeqNo()).setIfPrimaryTerm(hit.getPrimaryTerm());
                        bulk.add(routing == null ? r : r.routing(routing.getValue()));
                    }
                }
                if (bulk.numberOfActions() > 0) {
                    batches++;
                    BulkResponse br = bulk.get();
                    for (BulkItemResponse item : br.getItems()) {
                        if (item.isFailed() == false) {
                            done++;
                        } else if (item.getFailure().getStatus() == RestStatus.CONFLICT) {
                            conflicts++;
                            if (q.proceedOnConflicts() == false) {
                                failures.add(failure(item));
                            }
                        } else {
                            failures.add(failure(item));
                        }
                    }
                }
                if (failures.isEmpty() == false) {
                    break;
                }
                if (stop == false) {
                    resp.decRef();
                    resp = client.prepareSearchScroll(scrollId).setScroll(keepAlive).get();
                }
            }
        } finally {
            resp.decRef();
            if (scrollId != null) {
                client.prepareClearScroll().addScrollId(scrollId).get();
            }
        }
        if (q.refresh()) {
            client.admin().indices().prepareRefresh(q.indices()).get();
        }

        XContentBuilder x = channel.newBuilder();
        x.startObject();
        x.field("took", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        x.field("timed_out", false);
        x.field("total", q.maxDocs() >= 0 ? Math.min(total, q.maxDocs()) : total);
        x.field(update ? "updated" : "deleted", done);
        if (update) {
            x.field("deleted", 0);
        }
        x.field("batches", batches);
        x.field("version_conflicts", conflicts);
        x.field("noops", noops);
        x.startObject("retries").field("bulk", 0).field("search", 0).endObject();
        x.field("throttled_millis", 0);
        x.field("requests_per_second", -1.0);
        x.field("throttled_until_millis", 0);
        x.field("failures", failures);
        x.endObject();
        boolean conflictAbort = failures.isEmpty() == false
            && failures.stream().allMatch(f -> Integer.valueOf(409).equals(f.get("status")));
        channel.sendResponse(new RestResponse(conflictAbort ? RestStatus.CONFLICT
            : failures.isEmpty() ? RestStatus.OK : RestStatus.INTERNAL_SERVER_ERROR, x));
    }

    private static Map<String, Object> failure(BulkItemResponse item) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("index", item.getIndex());
        f.put("id", item.getId());
        f.put("status", item.getFailure().getStatus().getStatus());
        f.put("cause", Map.of("type", "exception", "reason", String.valueOf(item.getFailureMessage())));
        return f;
    }

    /**
     * A few analysis-common components, built on the Lucene classes already on the classpath. The pom packs this
     * class into its own jar under {@code modules/xxgk-analysis/} so that the server's plugin loader loads it like
     * a module; it must therefore use only public API (it does not share a runtime package with LocalNode).
     */
    public static final class AnalysisStandIn extends Plugin implements AnalysisPlugin {

        public AnalysisStandIn() {}

        @Override
        public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
            return Map.of(
                "whitespace", (indexSettings, env, name, settings) -> {
                    int max = settings.getAsInt("max_token_length", StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH);
                    return TokenizerFactory.newFactory(
                        name, () -> new WhitespaceTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, max));
                },
                "keyword",
                (indexSettings, env, name, settings) -> TokenizerFactory.newFactory(name, KeywordTokenizer::new)
            );
        }

        @Override
        public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
            return Map.of(
                "cjk_width", (indexSettings, env, name, settings) -> filter(name, CJKWidthFilter::new),
                "asciifolding", (indexSettings, env, name, settings) -> filter(name, ASCIIFoldingFilter::new),
                "trim", (indexSettings, env, name, settings) -> filter(name, TrimFilter::new)
            );
        }

        static TokenFilterFactory filter(String name, UnaryOperator<TokenStream> filter) {
            return new NormalizingTokenFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public TokenStream create(TokenStream tokenStream) {
                    return filter.apply(tokenStream);
                }
            };
        }
    }
}
