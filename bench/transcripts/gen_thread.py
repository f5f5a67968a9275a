"""A generated Prokeep thread: N messages of 4-60 ordinary words between two participants,
each starting with its own number ("Message 17:") so pdftotext can find every one.

    python3 gen_thread.py N OUT.json [--scripts]

--scripts mixes in Chinese, Arabic and emoji messages (every fifth message)."""
import json
import random
import sys

WORDS = ("the truck is in the bay and we are waiting on the turbo actuator parts should "
         "arrive friday morning please call when the unit is ready brake pads rotors hose "
         "clamp invoice estimate approved driver pickup tomorrow thanks you can come by "
         "after lunch service advisor checked coolant leak found fixed").split()
SCRIPTS = ["我们明天早上把卡车送过来", "الشاحنة جاهزة للاستلام", "👍 🚚 ready ✅", "请确认报价 谢谢"]


def thread(n, scripts=False):
    rnd = random.Random(42)
    messages = []
    for i in range(n):
        if scripts and i % 5 == 4:
            body = f"Message {i + 1}: {SCRIPTS[(i // 5) % len(SCRIPTS)]}"
        else:
            words = [rnd.choice(WORDS) for _ in range(rnd.randint(4, 60))]
            body = f"Message {i + 1}: " + " ".join(words)
        day, minute = 1 + (i // 1440) % 28, i % 1440
        messages.append({
            "id": f"m{i}",
            "senderId": "c" if i % 2 == 0 else "a",
            "sentAt": f"2026-11-{day:02d}T{minute // 60:02d}:{minute % 60:02d}:00-06:00",
            "body": body,
        })
    return {
        "channel": "sms", "reference": "PK-BENCH", "state": "closed",
        "participants": [
            {"id": "c", "name": "José Ramírez", "role": "customer", "phone": "+12145550199"},
            {"id": "a", "name": "Ann Advisor", "role": "advisor"},
        ],
        "messages": messages,
    }


if __name__ == "__main__":
    n, out = int(sys.argv[1]), sys.argv[2]
    with open(out, "w", encoding="utf-8") as f:
        json.dump(thread(n, "--scripts" in sys.argv), f, ensure_ascii=False)
