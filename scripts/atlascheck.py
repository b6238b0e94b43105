#!/usr/bin/env python3
"""Read an animc texture atlas with Pillow and the json module (readers animc did not write).

usage: atlascheck.py DATA.json OUTDIR [SCHEMA.json]

Validates DATA.json against SCHEMA.json (with jsonschema) when given, opens the image that
meta.image names (relative to DATA.json's folder), and rebuilds every frame as a game engine
does: a transparent sourceSize canvas with the frame rectangle cut from the image pasted at
spriteSourceSize. Writes frame k as OUTDIR/frame_%04d.rgba (raw RGBA) in the order the JSON lists
them, and prints {"names", "durations", "rects", "tags", "size", "mode"} as JSON.
"""
import json
import os
import sys

from PIL import Image


def main():
    data_path, out = sys.argv[1], sys.argv[2]
    data = json.load(open(data_path))
    if len(sys.argv) > 3:
        import jsonschema
        schema = json.load(open(sys.argv[3]))
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    frames = data["frames"]
    items = list(frames.items()) if isinstance(frames, dict) else [(f["filename"], f) for f in frames]
    image = Image.open(os.path.join(os.path.dirname(data_path), data["meta"]["image"]))
    image.load()
    mode = image.mode
    image = image.convert("RGBA")
    os.makedirs(out, exist_ok=True)
    names, durations, rects = [], [], []
    for i, (name, f) in enumerate(items):
        r, s, size = f["frame"], f["spriteSourceSize"], f["sourceSize"]
        canvas = Image.new("RGBA", (size["w"], size["h"]), (0, 0, 0, 0))
        canvas.paste(image.crop((r["x"], r["y"], r["x"] + r["w"], r["y"] + r["h"])), (s["x"], s["y"]))
        with open(os.path.join(out, "frame_%04d.rgba" % i), "wb") as fh:
            fh.write(canvas.tobytes())
        names.append(name)
        durations.append(f["duration"])
        rects.append([r["x"], r["y"], r["w"], r["h"]])
    print(json.dumps({"names": names, "durations": durations, "rects": rects, "mode": mode,
                      "tags": [[t["name"], t["from"], t["to"], t["direction"]] for t in data["meta"]["frameTags"]],
                      "size": [image.width, image.height], "meta_size": [data["meta"]["size"]["w"], data["meta"]["size"]["h"]]}))


if __name__ == "__main__":
    main()
