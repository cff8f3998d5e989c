#!/usr/bin/env python3
"""Writes the protocol golden vectors (index.json + one .hex file each).

An independent encoder of docs/protocol.md: the C++ codec (and the browser's)
must decode every vector to the fields listed in index.json and re-encode it
to the same bytes. Run it only when the protocol version changes; review the
diff byte by byte against docs/protocol.md.
"""
import json
import math
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def u8(v): return struct.pack("<B", v)
def u16(v): return struct.pack("<H", v)
def u32(v): return struct.pack("<I", v)
def u64(v): return struct.pack("<Q", v)
def f32(v): return struct.pack("<f", v)
def str8(s): b = s.encode(); return u8(len(b)) + b
def str16(s): b = s.encode(); return u16(len(b)) + b


def transform(t):
    return u16(t["x"]) + u16(t["y"]) + u16(t["z"]) + u32(t["rotation"])


def pack_rotation(q):
    length = math.sqrt(sum(c * c for c in q))
    q = [c / length for c in q]
    largest = max(range(4), key=lambda i: abs(q[i]))
    sign = -1.0 if q[largest] < 0 else 1.0
    r = 1 / math.sqrt(2)
    packed = largest << 30
    shift = 20
    for i in range(4):
        if i == largest:
            continue
        v = min(max(q[i] * sign, -r), r)
        packed |= min(int((v + r) / (2 * r) * 1023 + 0.5), 1023) << shift
        shift -= 10
    return packed


def quantize(value, lo, hi):
    if value <= lo: return 0
    if value >= hi: return 65535
    return min(int((value - lo) / (hi - lo) * 65535 + 0.5), 65535)


IDENTITY = pack_rotation([0, 0, 0, 1])
YAW60 = pack_rotation([0, math.sin(math.pi / 6), 0, math.cos(math.pi / 6)])
T_BODY = {"x": 32768, "y": 0, "z": 6554, "rotation": YAW60}
T_HEAD = {"x": 32768, "y": 13107, "z": 6554, "rotation": IDENTITY}
T_LEFT = {"x": 32500, "y": 9000, "z": 6600, "rotation": IDENTITY}
T_RIGHT = {"x": 33000, "y": 9000, "z": 6600, "rotation": YAW60}


def record(r):
    out = u32(r["entity"]) + u8(r["flags"])
    f = r["flags"]
    if f & 0x80:
        return out
    delta = bool(f & 0x20)
    pos = (lambda p: b"".join(struct.pack("<b", v) for v in p)) if delta else \
          (lambda p: b"".join(u16(v) for v in p))
    if f & 0x40:
        out += u8(r["kind"]) + u8(r["status"]) + str8(r["name"])
    if f & 0x01: out += pos(r["body_position"])
    if f & 0x02: out += u32(r["body_rotation"])
    if f & 0x04: out += pos(r["head_position"])
    if f & 0x08: out += u32(r["head_rotation"])
    if f & 0x10:
        out += u8(1 if r["has_hands"] else 0)
        if r["has_hands"]:
            out += transform(r["left_hand"]) + transform(r["right_hand"])
    return out


def encode(m):
    t = m["type"]
    if t == "hello": return u8(0x01) + u16(m["min_version"]) + u16(m["max_version"]) + u8(m["flags"])
    if t == "join": return u8(0x02) + str8(m["space"])
    if t == "leave": return u8(0x03)
    if t == "pose":
        p = m["pose"]
        hands = "left_hand" in p
        out = u8(0x04) + u32(m["sequence"]) + u8(1 if hands else 0) + transform(p["body"]) + transform(p["head"])
        if hands: out += transform(p["left_hand"]) + transform(p["right_hand"])
        return out
    if t == "chat": return u8(0x05) + u8(m["scope"]) + u32(m["target"]) + str16(m["text"])
    if t == "set_presence": return u8(0x06) + u8(m["status"])
    if t == "emote": return u8(0x07) + u8(m["emote"])
    if t == "use_portal": return u8(0x08) + str8(m["portal"])
    if t == "signal": return u8(0x09) + u8(m["kind"]) + u32(m["peer"]) + str16(m["payload"])
    if t == "ping": return u8(0x0a) + u32(m["nonce"])
    if t == "settings": return u8(0x0b) + u8(m["flags"])
    if t == "sim_action":
        frame = u8(0x0c) + u8(m["action"]) + u32(m["amount"])
        if m["action"] == 9:  # version 3: therapy
            frame += u16(m["carb_ratio"]) + u16(m["correction_factor"]) + u16(m["basal_rate"])
        return frame
    if t == "accept_invite": return u8(0x0d) + str8(m["code"])
    if t == "avatar_style": return u8(0x0e) + u8(m["colour"]) + u8(m["shape"])
    if t == "activity": return u8(0x0f) + u8(m["flags"])
    if t == "welcome":
        return u8(0x81) + u16(m["version"]) + u64(m["server_time_ms"]) + u32(m["entity"]) + \
            u16(m["tick_interval_ms"]) + u32(m["byte_budget_per_second"])
    if t == "joined":
        b = m["bounds"]
        return u8(0x82) + str8(m["space"]) + b"".join(f32(v) for v in b["min"] + b["max"]) + transform(m["spawn"])
    if t == "left": return u8(0x83) + str8(m["space"]) + u8(m["reason"])
    if t == "snapshot":
        return u8(0x84) + u32(m["tick"]) + u32(m["ack_sequence"]) + u16(len(m["records"])) + \
            b"".join(record(r) for r in m["records"])
    if t == "chat_message": return u8(0x85) + u8(m["scope"]) + u32(m["from"]) + str8(m["from_name"]) + str16(m["text"])
    if t == "presence": return u8(0x86) + u32(m["entity"]) + u8(m["status"])
    if t == "emoted": return u8(0x87) + u32(m["entity"]) + u8(m["emote"])
    if t == "signal_relay": return u8(0x88) + u8(m["kind"]) + u32(m["from"]) + str16(m["payload"])
    if t == "error": return u8(0x89) + u8(m["in_reply_to"]) + str8(m["code"]) + str16(m["message"])
    if t == "pong": return u8(0x8a) + u32(m["nonce"]) + u64(m["server_time_ms"])
    if t == "correction": return u8(0x8b) + u32(m["sequence"]) + transform(m["body"])
    if t == "sim_state":
        out = u8(0x8c) + u32(m["t_min"]) + u8(m["flags"]) + u8(m["patient"])
        for k in ("speed", "bg", "cgm", "liver_egp", "gut_ra", "muscle_fat_uid", "brain_fsnc", "kidney_e",
                  "insulin_on_board", "uneaten_meal", "gmi", "time_in_range"):
            out += u16(m[k])
        out += u32(m["trace_start_min"]) + u16(len(m["trace"]))
        out += b"".join(u16(bg) + u16(cgm) for bg, cgm in m["trace"])
        out += u8(len(m["events"]))
        out += b"".join(u32(e["t_min"]) + u8(e["kind"]) + u16(e["amount"]) for e in m["events"])
        return out
    if t == "avatar_info":
        return u8(0x8f) + u32(m["entity"]) + u8(m["colour"]) + u8(m["shape"]) + u8(m["activity"])
    if t == "signal_refused":
        return u8(0x90) + u8(m["kind"]) + u32(m["peer"]) + str8(m["code"]) + str16(m["message"])
    if t == "sim_invite": return u8(0x8d) + str8(m["code"]) + u32(m["expires_in_s"])
    if t == "sim_log":
        out = u8(0x8e) + str8(m["owner"]) + u8(m["flags"]) + u8(len(m["entries"]))
        out += b"".join(u32(e["t_min"]) + u8(e["kind"]) + u32(e["amount"]) + str8(e["actor"]) for e in m["entries"])
        return out
    raise ValueError(t)


VALID = [
    ("hello", "client", {"type": "hello", "min_version": 1, "max_version": 1, "flags": 0}),
    ("hello_low_data", "client", {"type": "hello", "min_version": 1, "max_version": 3, "flags": 1}),
    ("join_lobby", "client", {"type": "join", "space": "lobby"}),
    ("leave", "client", {"type": "leave"}),
    ("pose", "client", {"type": "pose", "sequence": 42, "pose": {"body": T_BODY, "head": T_HEAD}}),
    ("pose_with_hands", "client", {"type": "pose", "sequence": 4294967295,
                                   "pose": {"body": T_BODY, "head": T_HEAD, "left_hand": T_LEFT, "right_hand": T_RIGHT}}),
    ("chat_space", "client", {"type": "chat", "scope": 0, "target": 0, "text": "Hello everyone"}),
    ("chat_direct_utf8", "client", {"type": "chat", "scope": 2, "target": 17, "text": "Grüße 👋"}),
    ("set_presence_busy", "client", {"type": "set_presence", "status": 2}),
    ("emote_wave", "client", {"type": "emote", "emote": 1}),
    ("use_portal", "client", {"type": "use_portal", "portal": "cardiology"}),
    ("signal_offer", "client", {"type": "signal", "kind": 0, "peer": 7, "payload": "v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\n"}),
    ("ping", "client", {"type": "ping", "nonce": 3735928559}),
    ("settings_low_data", "client", {"type": "settings", "flags": 1}),
    ("welcome", "server", {"type": "welcome", "version": 1, "server_time_ms": 1767225600000, "entity": 12,
                           "tick_interval_ms": 50, "byte_budget_per_second": 8192}),
    ("joined_lobby", "server", {"type": "joined", "space": "lobby",
                                "bounds": {"min": [-100.0, 0.0, -100.0], "max": [100.0, 8.0, 100.0]},
                                "spawn": {"x": 32768, "y": 0, "z": 6554, "rotation": IDENTITY}}),
    ("left_portal", "server", {"type": "left", "space": "lobby", "reason": 1}),
    ("snapshot_ack_only", "server", {"type": "snapshot", "tick": 1000, "ack_sequence": 41, "records": []}),
    ("snapshot_entered", "server", {"type": "snapshot", "tick": 1001, "ack_sequence": 42, "records": [
        {"entity": 5, "flags": 0x4f, "kind": 1, "status": 0, "name": "Dr. Ada",
         "body_position": [32768, 0, 6554], "body_rotation": YAW60,
         "head_position": [32768, 13107, 6554], "head_rotation": IDENTITY},
        {"entity": 6, "flags": 0x5f, "kind": 0, "status": 3, "name": "Zoë",
         "body_position": [100, 0, 200], "body_rotation": IDENTITY,
         "head_position": [100, 13107, 200], "head_rotation": IDENTITY,
         "has_hands": True, "left_hand": T_LEFT, "right_hand": T_RIGHT}]}),
    ("snapshot_updates", "server", {"type": "snapshot", "tick": 1002, "ack_sequence": 43, "records": [
        {"entity": 4, "flags": 0x80},
        {"entity": 5, "flags": 0x25, "body_position": [3, 0, -2], "head_position": [3, -1, -2]},
        {"entity": 6, "flags": 0x03, "body_position": [400, 0, 200], "body_rotation": YAW60},
        {"entity": 7, "flags": 0x18, "head_rotation": YAW60, "has_hands": False}]}),
    ("chat_message_nearby", "server", {"type": "chat_message", "scope": 1, "from": 5, "from_name": "Dr. Ada", "text": "Next, please"}),
    ("presence_away", "server", {"type": "presence", "entity": 9, "status": 1}),
    ("emoted", "server", {"type": "emoted", "entity": 9, "emote": 3}),
    ("signal_relay_ice", "server", {"type": "signal_relay", "kind": 2, "from": 9,
                                    "payload": "{\"candidate\":\"candidate:1 1 udp 1 10.0.0.1 5000 typ host\"}"}),
    ("error_staff_only", "server", {"type": "error", "in_reply_to": 2, "code": "staff_only",
                                    "message": "Cardiology staff area is for staff only"}),
    ("pong", "server", {"type": "pong", "nonce": 3735928559, "server_time_ms": 1767225600050}),
    ("correction", "server", {"type": "correction", "sequence": 42, "body": T_BODY}),
    # Version 2: the body explorer's glucose simulation.
    ("sim_action_eat", "client", {"type": "sim_action", "action": 0, "amount": 60}),
    ("sim_action_insulin", "client", {"type": "sim_action", "action": 1, "amount": 45}),
    ("sim_action_patient", "client", {"type": "sim_action", "action": 8, "amount": 2}),
    # Version 3: a clinician's own therapy settings (65535 = the patient's own).
    ("sim_action_therapy", "client", {"type": "sim_action", "action": 9, "amount": 0,
                                      "carb_ratio": 120, "correction_factor": 400, "basal_rate": 90}),
    ("sim_action_therapy_partial", "client", {"type": "sim_action", "action": 9, "amount": 0,
                                              "carb_ratio": 65535, "correction_factor": 65535, "basal_rate": 0}),
    ("sim_state", "server", {"type": "sim_state", "t_min": 425, "flags": 2, "patient": 1, "speed": 360,
                             "bg": 1623, "cgm": 1581, "liver_egp": 1520, "gut_ra": 2310, "muscle_fat_uid": 3105,
                             "brain_fsnc": 1000, "kidney_e": 0, "insulin_on_board": 412, "uneaten_meal": 150,
                             "gmi": 612, "time_in_range": 875, "trace_start_min": 415,
                             "trace": [[1401, 1398], [1502, 1455], [1623, 1581]],
                             "events": [{"t_min": 420, "kind": 0, "amount": 600},
                                        {"t_min": 420, "kind": 1, "amount": 45}]}),
    # Version 4: personal sessions, invites, who did what, confirmed doses.
    ("sim_action_insulin_confirmed", "client", {"type": "sim_action", "action": 10, "amount": 120}),
    ("sim_action_invite", "client", {"type": "sim_action", "action": 11, "amount": 0}),
    ("accept_invite", "client", {"type": "accept_invite", "code": "3f9a0c2b7d41e865"}),
    ("sim_invite", "server", {"type": "sim_invite", "code": "3f9a0c2b7d41e865", "expires_in_s": 3600}),
    ("sim_log", "server", {"type": "sim_log", "owner": "Alex Rivera", "flags": 0, "entries": [
        {"t_min": 602, "kind": 10, "amount": 0, "actor": "Dr. Zoë Lee"},
        {"t_min": 602, "kind": 1, "amount": 40, "actor": "Alex Rivera"},
        {"t_min": 610, "kind": 0, "amount": 45, "actor": "Dr. Zoë Lee"}]}),
    ("sim_log_yours_empty", "server", {"type": "sim_log", "owner": "", "flags": 1, "entries": []}),
    # Version 5: chosen appearance, typing and speaking.
    ("avatar_style", "client", {"type": "avatar_style", "colour": 5, "shape": 2}),
    # The codec carries any u8; the world answers invalid_avatar_style.
    ("avatar_style_out_of_range", "client", {"type": "avatar_style", "colour": 200, "shape": 9}),
    ("activity_typing", "client", {"type": "activity", "flags": 1}),
    ("activity_quiet", "client", {"type": "activity", "flags": 0}),
    ("activity_voice_muted_seated", "client", {"type": "activity", "flags": 0x1c}),
    ("avatar_info", "server", {"type": "avatar_info", "entity": 17, "colour": 3, "shape": 1, "activity": 3}),
    ("avatar_info_voice", "server", {"type": "avatar_info", "entity": 17, "colour": 0, "shape": 0, "activity": 6}),
    # Version 7: a refused signal names its peer.
    ("signal_refused_out_of_range", "server", {"type": "signal_refused", "kind": 0, "peer": 23,
                                               "code": "voice_out_of_range",
                                               "message": "they are too far away to talk to"}),
]

# Counts both sides must agree on (protocol version 5, docs/protocol.md).
LIMITS = {"avatar_colours": 8, "avatar_shapes": 3, "activity_typing": 1, "activity_speaking": 2,
          "activity_voice": 4, "activity_muted": 8, "activity_seated": 16,
          "voice_radius_m": 8, "voice_release_m": 10, "voice_max_peers": 6}

INVALID = [
    ("empty", "client", "", "malformed_frame", 1002),
    ("unknown_type", "client", "3f", "unknown_message", 1003),
    ("server_type_from_client", "client", "8a0100000000000000000000", "unknown_message", 1003),
    ("pose_truncated", "client", encode(VALID[4][2]).hex()[:-2], "malformed_frame", 1002),
    ("ping_trailing_byte", "client", encode(VALID[12][2]).hex() + "00", "malformed_frame", 1002),
    ("pose_unknown_flag", "client", "04" + "2a000000" + "02" + "00" * 20, "malformed_frame", 1002),
    ("chat_bad_scope", "client", "05" + "03" + "00000000" + "0100" + "41", "malformed_frame", 1002),
    ("chat_invalid_utf8", "client", "05" + "00" + "00000000" + "0200" + "c328", "invalid_utf8", 1007),
    ("join_length_past_end", "client", "02" + "10" + "616263", "malformed_frame", 1002),
    ("snapshot_left_with_fields", "server", "84" + "01000000" + "00000000" + "0100" + "03000000" + "82",
     "malformed_frame", 1002),
    ("snapshot_entered_delta", "server", "84" + "01000000" + "00000000" + "0100" + "03000000" + "6f",
     "malformed_frame", 1002),
    ("sim_action_unknown_action", "client", "0c" + "0c" + "00000000", "malformed_frame", 1002),
    ("sim_action_invite_amount", "client", "0c" + "0b" + "01000000", "malformed_frame", 1002),
    ("accept_invite_trailing_byte", "client", "0d" + "0161" + "00", "malformed_frame", 1002),
    ("sim_log_unknown_kind", "server", "8e" + "00" + "00" + "01" + "00000000" + "0d" + "00000000" + "00",
     "malformed_frame", 1002),
    ("sim_log_unknown_flag", "server", "8e" + "00" + "02" + "00", "malformed_frame", 1002),
    ("sim_action_therapy_truncated", "client", "0c" + "09" + "00000000" + "7800" + "9001", "malformed_frame", 1002),
    ("sim_action_therapy_amount", "client", "0c" + "09" + "01000000" + "7800" + "9001" + "5a00", "malformed_frame", 1002),
    ("sim_action_truncated", "client", "0c" + "00" + "3c00", "malformed_frame", 1002),
    ("activity_unknown_flag", "client", "0f" + "20", "malformed_frame", 1002),
    ("avatar_style_truncated", "client", "0e" + "01", "malformed_frame", 1002),
    ("avatar_info_unknown_flag", "server", "8f" + "11000000" + "03" + "01" + "40", "malformed_frame", 1002),
    ("sim_state_unknown_flag", "server", "8c" + "00000000" + "04" + "01" + "0000" * 12 + "00000000" + "0000" + "00",
     "malformed_frame", 1002),
    ("signal_refused_unknown_kind", "server", "90" + "04" + "17000000" + "00" + "0000", "malformed_frame", 1002),
]


def main():
    index = {"version": 7, "limits": LIMITS,
             "note": "Generated by generate.py from docs/protocol.md; hex files hold one frame each.",
             "rotations": [], "positions": [], "valid": [], "invalid": []}
    for q in ([0, 0, 0, 1], [0, math.sin(math.pi / 6), 0, math.cos(math.pi / 6)],
              [0.1, -0.2, 0.3, -0.9], [0.9, 0.1, -0.1, 0.2]):
        index["rotations"].append({"quaternion": q, "packed": pack_rotation(q)})
    for value, lo, hi in ((0.0, -100.0, 100.0), (12.345, -100.0, 100.0), (-100.0, -100.0, 100.0),
                          (250.0, -100.0, 100.0), (1.0, 0.0, 8.0)):
        index["positions"].append({"value": value, "min": lo, "max": hi, "quantized": quantize(value, lo, hi)})
    for name, direction, message in VALID:
        data = encode(message)
        with open(os.path.join(HERE, name + ".hex"), "w") as f:
            f.write(data.hex() + "\n")
        index["valid"].append({"name": name, "direction": direction, "file": name + ".hex", "message": message})
    for name, direction, hexdata, error, close in INVALID:
        with open(os.path.join(HERE, "invalid_" + name + ".hex"), "w") as f:
            f.write(hexdata + "\n")
        index["invalid"].append({"name": name, "direction": direction, "file": "invalid_" + name + ".hex",
                                 "error": error, "close_code": close})
    with open(os.path.join(HERE, "index.json"), "w") as f:
        json.dump(index, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
