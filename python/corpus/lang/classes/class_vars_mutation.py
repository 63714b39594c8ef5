# Checks shared mutable class attributes vs per-instance attributes, and instance shadowing.
class Team:
    members = []
    def __init__(self, name):
        self.name = name
        self.own = []
    def join(self, who):
        self.members.append(who)
        self.own.append(who)
a, b = Team('a'), Team('b')
a.join('x'); b.join('y')
print(a.members, b.members, a.own, b.own, Team.members is a.members)
a.members = ['fresh']
print(a.members, b.members, Team.members)
print(sorted(vars(a)), 'members' in vars(Team))
