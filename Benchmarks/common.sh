# What every benchmark script needs before it measures; sourced (`. Benchmarks/common.sh`) from the
# repository's root.
#
#   need_time                    installs /usr/bin/time (the peak RSS of a run, %M) when it is missing
#   release_build VAR=PRODUCT... for each VAR that is not set already (CONSIGN=path measures another build),
#                                builds PRODUCT in release into .build-bench (a scratch folder of its own,
#                                so that a benchmark's build never collides with another build) and sets VAR
#                                to its path

need_time() {
    [ -x /usr/bin/time ] && return
    if [ "$(id -u)" = 0 ]; then apt-get install -y time >/dev/null; else sudo apt-get install -y time >/dev/null; fi
}

release_build() {
    local pair var product
    for pair in "$@"; do
        var=${pair%%=*}
        product=${pair#*=}
        [ -z "${!var:-}" ] || continue
        swift build -c release --scratch-path .build-bench --product "$product" >/dev/null
        printf -v "$var" '%s/%s' "$(swift build -c release --scratch-path .build-bench --show-bin-path)" "$product"
    done
}
