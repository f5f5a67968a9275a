#!/usr/bin/env python3
"""Generates infra/procede-sample.json: invented DMS customers for the local Procede adapter.

Deterministic (fixed seed), so the committed file is reproducible:
    python3 infra/scripts/gen-procede-sample.py [COUNT] > infra/procede-sample.json
The first records are the ones the README walkthrough and the tests search for.
"""
import json
import random
import sys

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 2500
rng = random.Random(20261123)

FIRST = ["John", "Maria", "José", "Ana", "Dale", "Wes", "Tonya", "Ray", "Luis", "Kim", "Earl", "Dwayne",
         "Shelby", "Rosa", "Hank", "Bev", "Curtis", "Lupe", "Darnell", "Ingrid", "Ngoc", "Zoë", "Björn"]
LAST = ["Miller", "García", "Nguyen", "Okafor", "Schultz", "Ramírez", "O'Brien", "Kowalski", "Lindqvist",
        "Begay", "Thompson", "Delacroix", "Yilmaz", "Haddad", "Petrov", "Moreau", "Brandt", "Ortega"]
WHAT = ["Trucking", "Freight", "Logistics", "Haulers", "Transport", "Express", "Farms", "Construction",
        "Aggregates", "Towing", "Carriers", "Fleet Services", "Dairy", "Timber", "Excavating"]
PLACE = ["Prairie", "Red River", "Lone Star", "High Plains", "Blue Ridge", "Gulf Coast", "Ozark",
         "Great Lakes", "Rocky Mountain", "Cedar", "Iron Range", "Sun Belt", "Big Sky", "Delta"]
CITIES = [("Dallas", "TX", "214"), ("Denver", "CO", "303"), ("Tulsa", "OK", "918"), ("Wichita", "KS", "316"),
          ("Omaha", "NE", "402"), ("Amarillo", "TX", "806"), ("Little Rock", "AR", "501"),
          ("Albuquerque", "NM", "505"), ("Shreveport", "LA", "318"), ("Springfield", "MO", "417"),
          ("Fort Worth", "TX", "817"), ("Lubbock", "TX", "806"), ("El Paso", "TX", "915"),
          ("Des Moines", "IA", "515"), ("Santa Fe", "NM", "505"), ("San Antonio", "TX", "210")]
STREETS = ["Industrial Blvd", "County Rd 12", "Main St", "Commerce Dr", "Highway 287", "Depot Ave", "Mill Rd"]


def record(i, name, city=None):
    city_name, state, area = city or rng.choice(CITIES)
    phone = f"({area}) 555-{rng.randrange(0, 10000):04d}"
    slug = "".join(c for c in name.lower() if c.isalnum())[:12] or "customer"
    return {
        "procedeId": f"PRC-{100000 + i}",
        "name": name,
        "customerNumber": f"C{20000 + i * 7}",
        "phone": phone,
        "city": city_name,
        "state": state,
        "addresses": [{"kind": "billing", "line1": f"{rng.randrange(100, 9999)} {rng.choice(STREETS)}",
                       "city": city_name, "state": state, "postalCode": f"{rng.randrange(70000, 89999)}"}],
        "emails": [f"service@{slug}.example"],
        "phones": [phone],
        "billing": {"terms": rng.choice(["NET30", "NET15", "COD"]), "creditLimit": rng.choice([5000, 15000, 50000]),
                    "taxExempt": rng.random() < 0.2},
    }


def names():
    yield "John Deere"
    yield "Johnson Tires - Denver"
    yield "José's Trucking"
    yield "John Denver Logistics"
    while True:
        kind = rng.random()
        if kind < 0.4:
            yield f"{rng.choice(LAST)} {rng.choice(WHAT)}"
        elif kind < 0.7:
            yield f"{rng.choice(PLACE)} {rng.choice(WHAT)}"
        elif kind < 0.9:
            yield f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        else:
            yield f"{rng.choice(FIRST)}'s {rng.choice(WHAT)} & Sons"


gen = names()
fixed_cities = {"Johnson Tires - Denver": ("Denver", "CO", "303"), "John Deere": ("Des Moines", "IA", "515")}
out = []
for i in range(COUNT):
    n = next(gen)
    out.append(record(i, n, fixed_cities.get(n)))
# One record a line: small, and diffs of a regenerated file stay readable.
sys.stdout.write("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in out) + "\n]\n")
