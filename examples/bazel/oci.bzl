"""Two tiny rules, shaped like rules_oci's oci_image and oci_push, that need nothing but Bazel.

They exist so the example builds offline with Debian's bazel-bootstrap (Bazel 4.2.3), where no
http_archive, rules_oci or crane download is possible, and where sh_binary is unusable (it needs
external @bazel_tools dependencies that are not bundled). In a real project use rules_oci:
https://github.com/bazel-contrib/rules_oci

oci_image  builds an OCI image layout (a directory) at build time: one gzip'd layer made of
           `files`, an image config and a manifest for one platform. Only tar, gzip, sha256sum
           and sed from the host are used, with fixed timestamps and owners, so the same sources
           always give the same digest.
oci_push   `bazel run` target: pushes that layout with skopeo,
           `bazel run //pkg:push -- --repository REGISTRY/NAME --tag TAG [--tag TAG]...`,
           then under each of `remote_tags` too, as rules_oci's oci_push does
"""

OciLayoutInfo = provider(
    doc = "An OCI image layout built by oci_image.",
    fields = {
        "layout": "directory: the OCI image layout; index.json names the image 'latest'",
        "digest": "file: the manifest digest, sha256:...",
    },
)

_BUILD_LAYOUT = r"""
set -euo pipefail
out="$1" digest_out="$2" config_template="$3" arch="$4" os="$5" variant="$6"
shift 6
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The layer: the files at their destination paths, archived with fixed metadata.
mkdir "$work/root"
while [ $# -gt 0 ]; do
  mkdir -p "$work/root/$(dirname "$2")"
  cp "$1" "$work/root/$2"
  shift 2
done
(cd "$work/root" && find . -mindepth 1 | LC_ALL=C sort | sed 's|^\./||') > "$work/list"
tar --create --file "$work/layer.tar" --directory "$work/root" --format=ustar \
  --no-recursion --files-from "$work/list" \
  --owner=0 --group=0 --numeric-owner --mtime=@0 --mode='u=rwX,go=rX'
gzip -n -9 -c "$work/layer.tar" > "$work/layer.tar.gz"

mkdir -p "$out/blobs/sha256"
hash() { sha256sum < "$1" | cut -d' ' -f1; }
# blob FILE MEDIA_TYPE: stores FILE under its digest and prints its descriptor
blob() {
  local d s
  d="$(hash "$1")"
  s="$(( $(wc -c < "$1") ))"
  cp "$1" "$out/blobs/sha256/$d"
  printf '{"mediaType":"%s","digest":"sha256:%s","size":%s}' "$2" "$d" "$s"
}

layer="$(blob "$work/layer.tar.gz" application/vnd.oci.image.layer.v1.tar+gzip)"
sed "s/@@DIFF_ID@@/sha256:$(hash "$work/layer.tar")/" "$config_template" > "$work/config.json"
config="$(blob "$work/config.json" application/vnd.oci.image.config.v1+json)"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":%s,"layers":[%s]}' \
  "$config" "$layer" > "$work/manifest.json"
manifest="$(blob "$work/manifest.json" application/vnd.oci.image.manifest.v1+json)"

platform="\"architecture\":\"$arch\",\"os\":\"$os\""
if [ -n "$variant" ]; then platform="$platform,\"variant\":\"$variant\""; fi
printf '{"schemaVersion":2,"manifests":[%s,"platform":{%s},"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}\n' \
  "${manifest%\}}" "$platform" > "$out/index.json"
printf '{"imageLayoutVersion":"1.0.0"}\n' > "$out/oci-layout"
printf 'sha256:%s\n' "$(hash "$work/manifest.json")" > "$digest_out"
"""

def _oci_image_impl(ctx):
    layout = ctx.actions.declare_directory(ctx.label.name + "_layout")
    digest = ctx.actions.declare_file(ctx.label.name + ".digest")
    config_template = ctx.actions.declare_file(ctx.label.name + ".config.json.tmpl")

    image_config = {"Labels": dict(ctx.attr.labels)}
    if ctx.attr.env:
        image_config["Env"] = ["%s=%s" % (k, v) for k, v in sorted(ctx.attr.env.items())]
    if ctx.attr.cmd:
        image_config["Cmd"] = ctx.attr.cmd
    config = {
        "architecture": ctx.attr.architecture,
        "os": ctx.attr.os,
        "created": "1970-01-01T00:00:00Z",
        "config": image_config,
        "rootfs": {"type": "layers", "diff_ids": ["@@DIFF_ID@@"]},
        "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "oci_image (examples/bazel/oci.bzl)"}],
    }
    if ctx.attr.variant:
        config["variant"] = ctx.attr.variant
    ctx.actions.write(config_template, json.encode(config))

    directory = ctx.attr.directory.strip("/")
    args = ctx.actions.args()
    args.add_all([layout.path, digest.path, config_template.path, ctx.attr.architecture, ctx.attr.os, ctx.attr.variant])
    for f in ctx.files.files:
        args.add(f.path)
        args.add(directory + "/" + f.basename if directory else f.basename)

    ctx.actions.run_shell(
        outputs = [layout, digest],
        inputs = ctx.files.files + [config_template],
        command = _BUILD_LAYOUT,
        arguments = [args],
        mnemonic = "OciImage",
        progress_message = "Building OCI image layout %s" % ctx.label,
        use_default_shell_env = True,
    )
    return [
        DefaultInfo(files = depset([layout, digest])),
        OciLayoutInfo(layout = layout, digest = digest),
    ]

oci_image = rule(
    implementation = _oci_image_impl,
    doc = "An OCI image layout with one layer holding `files`.",
    attrs = {
        "files": attr.label_list(allow_files = True, doc = "Files put in the layer, by base name, under `directory`."),
        "directory": attr.string(default = "/", doc = "Where `files` go in the image."),
        "architecture": attr.string(default = "amd64"),
        "os": attr.string(default = "linux"),
        "variant": attr.string(default = ""),
        "labels": attr.string_dict(doc = "Image config labels."),
        "env": attr.string_dict(doc = "Image config environment."),
        "cmd": attr.string_list(doc = "Image config Cmd."),
    },
)

_PUSH_SCRIPT = r"""#!/usr/bin/env bash
# Generated by oci_push (examples/bazel/oci.bzl) for {label}.
set -euo pipefail
usage() {{
  echo "usage: bazel run {label} -- --repository REGISTRY/NAME --tag TAG [--tag TAG]..." >&2
  exit 2
}}

# `bazel run` starts us in the runfiles tree; a direct call finds it next to the script.
if [ -n "${{RUNFILES_DIR:-}}" ] && [ -d "$RUNFILES_DIR/{workspace}" ]; then root="$RUNFILES_DIR/{workspace}"
elif [ -d "$0.runfiles/{workspace}" ]; then root="$0.runfiles/{workspace}"
else root="$PWD"; fi
layout="$root/{layout}"
digest="$(cat "$root/{digest}")"

repository={repository}
# remote_tags, as rules_oci's oci_push has them: pushed in addition to every --tag
remote_tags=({remote_tags})
tags=()
while [ $# -gt 0 ]; do
  case "$1" in
    -r|--repository) [ $# -ge 2 ] || usage; repository="$2"; shift 2 ;;
    --repository=*) repository="${{1#*=}}"; shift ;;
    -t|--tag) [ $# -ge 2 ] || usage; tags+=("$2"); shift 2 ;;
    --tag=*) tags+=("${{1#*=}}"); shift ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
[ -n "$repository" ] && [ ${{#tags[@]}} -gt 0 ] || usage
tags+=("${{remote_tags[@]}}")
command -v skopeo >/dev/null || {{ echo "skopeo is not installed (Debian/Ubuntu: apt-get install skopeo)" >&2; exit 127; }}

# Plain HTTP only for a registry on this machine; anything else must speak verified TLS.
tls=()
case "${{repository%%/*}}" in
  localhost|localhost:*|127.*|\[::1\]|\[::1\]:*) tls=(--dest-tls-verify=false) ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for tag in "${{tags[@]}}"; do
  # --insecure-policy: the source is this build's own output, there is no signature to check.
  skopeo --insecure-policy copy --quiet "${{tls[@]}}" --digestfile "$work/digest" \
    "oci:$layout:latest" "docker://$repository:$tag"
  pushed="$(cat "$work/digest")"
  if [ "$pushed" != "$digest" ]; then
    echo "pushed $repository:$tag as $pushed, but the image built is $digest" >&2
    exit 1
  fi
  echo "pushed $repository:$tag@$digest"
done
"""

def _shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"

def _oci_push_impl(ctx):
    image = ctx.attr.image[OciLayoutInfo]
    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(
        output = script,
        is_executable = True,
        content = _PUSH_SCRIPT.format(
            label = "//%s:%s" % (ctx.label.package, ctx.label.name),
            workspace = ctx.workspace_name,
            layout = image.layout.short_path,
            digest = image.digest.short_path,
            repository = _shell_quote(ctx.attr.repository),
            remote_tags = " ".join([_shell_quote(t) for t in ctx.attr.remote_tags]),
        ),
    )
    return [DefaultInfo(
        executable = script,
        runfiles = ctx.runfiles(files = [image.layout, image.digest]),
    )]

oci_push = rule(
    implementation = _oci_push_impl,
    executable = True,
    doc = "`bazel run` it to push `image` with skopeo: -- --repository REGISTRY/NAME --tag TAG...",
    attrs = {
        "image": attr.label(mandatory = True, providers = [OciLayoutInfo]),
        "repository": attr.string(default = "", doc = "Default repository; --repository overrides it."),
        "remote_tags": attr.string_list(doc = "Tags pushed in addition to every --tag (rules_oci's remote_tags)."),
    },
)
